import StudyModel

/// Something synthetic interview lines talk about: the coding target a coder would apply to
/// the line, a phrase naming it, and how often each role brings it up.
struct SyntheticTopic: Sendable {
    /// What a coder applies to a line about this topic.
    let target: CodingTarget
    /// Plain words naming the topic, used in the generated line.
    let phrase: String
    /// Relative frequency for peer workers, service users, staff and managers, in that order.
    let weights: [Double]
}

/// The vocabulary of synthetic transcripts, shared by the demo corpus and the project generator.
/// Lines are built from templates and say so, so nobody mistakes them for real quotes.
enum SyntheticText {
    /// All topics. The role weights make peer workers talk more about sharing experience,
    /// service users about support received, staff about the service, managers about the
    /// organisation, so role-by-technique tables show a pattern.
    static let topics: [SyntheticTopic] = [
        // Techniques applied directly.
        .init(target: .bct("17.1"), phrase: "sharing own lived experience of recovery to make a connection", weights: [5, 4, 2, 1]),
        .init(target: .bct("17.2"), phrase: "both people learning from each other", weights: [4, 3, 1, 1]),
        .init(target: .bct("17.3"), phrase: "choosing goals without being told what to do", weights: [3, 4, 1, 1]),
        .init(target: .bct("17.4"), phrase: "agreeing that what is said in sessions stays private", weights: [2, 2, 1, 1]),
        .init(target: .bct("17.5"), phrase: "the relationship feeling safe and trusting", weights: [4, 5, 2, 1]),
        .init(target: .bct("3.3"), phrase: "being listened to on a difficult day", weights: [3, 5, 2, 1]),
        .init(target: .bct("3.2"), phrase: "going along together to an appointment", weights: [3, 3, 3, 1]),
        .init(target: .bct("3.1"), phrase: "general encouragement between meetings", weights: [2, 3, 2, 1]),
        .init(target: .bct("6.2"), phrase: "comparing progress with the peer worker's progress", weights: [2, 3, 1, 0.5]),
        .init(target: .bct("15.1"), phrase: "hearing that making changes is possible for them", weights: [3, 3, 1, 0.5]),
        .init(target: .bct("15.3"), phrase: "looking back at earlier successes", weights: [2, 2, 1, 0.5]),
        .init(target: .bct("1.1"), phrase: "setting a goal for the coming week", weights: [2, 2, 2, 1]),
        .init(target: .bct("1.4"), phrase: "planning when and where to do something", weights: [2, 2, 2, 1]),
        .init(target: .bct("1.2"), phrase: "working through a problem step by step", weights: [2, 2, 2, 2]),
        .init(target: .bct("9.1"), phrase: "advice carrying weight because it comes from lived experience", weights: [2, 2, 3, 2]),
        .init(target: .bct("13.2"), phrase: "seeing a hard experience in a new light", weights: [2, 2, 1, 1]),
        .init(target: .bct("12.2"), phrase: "meeting new groups and people in the community", weights: [2, 2, 2, 1]),
        .init(target: .bct("8.7"), phrase: "breaking a big task into small steps", weights: [1, 2, 1, 0.5]),
        .init(target: .bct("11.2"), phrase: "using a way to ease stress", weights: [1, 2, 1, 0.5]),
        .init(target: .bct("2.3"), phrase: "keeping a simple diary of mood", weights: [0.5, 1, 1, 0.5]),
        // Codebook codes.
        .init(target: .code("cm.trust.connection"), phrase: "the first meeting and making a connection", weights: [3, 3, 2, 1]),
        .init(target: .code("cm.trust.relationship"), phrase: "building the relationship over several meetings", weights: [3, 3, 1, 1]),
        .init(target: .code("cm.trust.talking"), phrase: "feeling able to talk openly and be heard", weights: [2, 4, 1, 0.5]),
        .init(target: .code("cm.rolemodel.hope"), phrase: "hope from seeing someone further along in recovery", weights: [2, 4, 2, 1]),
        .init(target: .code("cm.rolemodel.workrole"), phrase: "a peer worker in paid work as a sign of what is possible", weights: [2, 2, 2, 2]),
        .init(target: .code("cm.rolemodel.stigma"), phrase: "challenging stigma in the team", weights: [3, 1, 2, 2]),
        .init(target: .code("cm.rolemodel.selfcare"), phrase: "support with self-care and daily routines", weights: [2, 3, 1, 0.5]),
        .init(target: .code("cm.engage.bridge"), phrase: "explaining the service to the person and the person to the service", weights: [3, 2, 3, 2]),
        .init(target: .code("cm.engage.trust"), phrase: "trust in the peer worker carrying over to the team", weights: [1, 2, 3, 2]),
        .init(target: .code("cm.engage.barriers"), phrase: "removing barriers to using services", weights: [2, 2, 2, 2]),
        .init(target: .code("cm.engage.community"), phrase: "links with activities outside services", weights: [2, 2, 2, 1]),
        .init(target: .code("cm.outcomes.hope"), phrase: "feeling more hopeful", weights: [1, 3, 1, 1]),
        .init(target: .code("cm.outcomes.social"), phrase: "managing daily life better", weights: [1, 3, 1, 1]),
        .init(target: .code("cm.outcomes.engagement"), phrase: "taking part in services again", weights: [1, 2, 2, 1]),
        .init(target: .code("oc.recruitment"), phrase: "who is recruited into peer worker posts", weights: [2, 0.2, 2, 4]),
        .init(target: .code("oc.teams"), phrase: "fitting peer workers into an existing team", weights: [2, 0.2, 3, 4]),
        .init(target: .code("oc.identity"), phrase: "being somewhere between a peer and a member of staff", weights: [3, 0.2, 1, 2]),
        .init(target: .code("oc.boundaries"), phrase: "where the limits of the peer relationship lie", weights: [3, 1, 2, 3]),
        .init(target: .code("oc.practice"), phrase: "what peer workers do that other roles do not", weights: [2, 0.5, 2, 3]),
        .init(target: .code("pv.recovery"), phrase: "believing that recovery is possible", weights: [3, 2, 1, 1]),
        .init(target: .code("pv.mutuality"), phrase: "a relationship between equals", weights: [3, 2, 1, 1]),
        .init(target: .code("pv.personcentred"), phrase: "starting from what the person wants", weights: [2, 2, 2, 1]),
        .init(target: .code("pv.empowering"), phrase: "helping people do things for themselves instead of fixing things", weights: [3, 1, 1, 1]),
        // Principles applied directly.
        .init(target: .principle("P1"), phrase: "trust that rests on shared experience", weights: [1, 1, 1, 1]),
        .init(target: .principle("P2"), phrase: "give and take in the relationship", weights: [1, 1, 0.5, 0.5]),
        .init(target: .principle("P3"), phrase: "experiential knowledge being valued", weights: [1, 0.5, 1, 1]),
        .init(target: .principle("P4"), phrase: "the person keeping choice and control", weights: [1, 1, 0.5, 0.5]),
        .init(target: .principle("P5"), phrase: "finding strengths and making connections", weights: [1, 1, 0.5, 0.5]),
        .init(target: .principle("DIV"), phrase: "the range of lived experience among peer workers", weights: [1, 0.5, 1, 1.5]),
    ]

    /// One weighted table per role, in `ParticipantRole.allCases` order.
    static let roleTables: [WeightedTable] = (0..<4).map { role in WeightedTable(topics.map { $0.weights[role] }) }

    /// Topic indices grouped by target kind, used to pick a plausible wrong answer.
    static let topicsByKind: [String: [Int]] = Dictionary(grouping: topics.indices) { topics[$0].target.kind }

    /// What leads into a line's topic phrase.
    private static let leads = [
        "For me it comes down to", "What mattered was", "I keep coming back to", "A lot of it was about",
        "Part of it was", "The main thing was", "It was really about", "What I noticed was", "It helped having",
        "I would say it is about", "The difference was", "Mostly it was", "I valued", "We talked about",
        "There was a lot of", "I think of it as", "What stays with me is", "The best bit was", "It started with",
        "People underestimate",
    ]
    /// How many lead-ins the first version of the generator chose from: the main sequence still
    /// draws one number below it per line, so topics and codings stay what they were.
    private static let mainSequenceLeadDraw = 5

    /// A synthetic transcript: its text and, per line, the topic and the span of its phrase.
    struct Transcript {
        /// The whole text.
        var text: String
        /// The topic index of each line.
        var topics: [Int]
        /// Unicode scalar span of each line's phrase.
        var spans: [(start: Int, end: Int)]
    }

    /// Builds a transcript of `lines` answers for a participant with the given role index:
    /// each answer ("P: …") is some invented talk, then its topic phrase (the span a coder
    /// codes); some follow an interviewer's question ("I: …"), as often as `talk` (0…1) says.
    /// `proseSeed` drives the talk
    /// only, from its own sequence, so the topics and codings depend on `random` alone.
    static func transcript(participantID: String, role: ParticipantRole, lines: Int,
                           random: inout SeededRandom, proseSeed: UInt64, talk: Double) -> Transcript {
        let roleIndex = ParticipantRole.allCases.firstIndex(of: role)!
        var prose = SeededRandom(seed: proseSeed)
        var text = "SYNTHETIC TRANSCRIPT \(participantID) (\(role.name)): generated by PeerScript for demonstration; "
            + "no real person said any of this.\n"
        var length = text.unicodeScalars.count
        var transcript = Transcript(text: "", topics: [], spans: [])
        transcript.topics.reserveCapacity(lines)
        transcript.spans.reserveCapacity(lines)
        for _ in 1...max(lines, 1) {
            let topic = roleTables[roleIndex].draw(&random)
            var lead = prose.chance(0.35 * talk) ? "I: " + SyntheticProse.question(&prose) + "\n" : ""
            _ = random.below(mainSequenceLeadDraw)
            lead += "P: " + (talk >= 1 || prose.chance(talk) ? SyntheticProse.sentence(&prose) + " " : "") + prose.pick(leads) + " "
            let phrase = topics[topic].phrase
            let leadLength = lead.unicodeScalars.count
            let phraseLength = phrase.unicodeScalars.count
            transcript.topics.append(topic)
            transcript.spans.append((length + leadLength, length + leadLength + phraseLength))
            text += lead + phrase + ".\n"
            length += leadLength + phraseLength + 2
        }
        transcript.text = text
        return transcript
    }

    /// FNV-1a of a string's UTF-8 bytes: a seed per participant that no other draw depends on.
    static func hash(_ text: String) -> UInt64 {
        text.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    /// A topic other than `topic` of the same target kind, as a second coder's disagreement.
    static func alternative(to topic: Int, random: inout SeededRandom) -> Int {
        let sameKind = topicsByKind[topics[topic].target.kind]!
        let offset = 1 + random.below(sameKind.count - 1)
        let position = sameKind.firstIndex(of: topic)!
        return sameKind[(position + offset) % sameKind.count]
    }

    /// ISO 8601 text (UTC, whole seconds) for seconds since 1970, computed without Foundation's
    /// formatters because the generator writes a million of them.
    static func timestamp(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let rest = seconds % 86_400
        // Civil date from day count (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}
