/// The talk around each coded phrase of a synthetic transcript: interviewer questions and
/// sentences built from templates over a few hundred words and their inflections, so that a
/// generated corpus has varied sentences and a vocabulary of thousands of word forms, as text
/// search and word counts need, while staying plainly invented.
enum SyntheticProse {
    private static let people = [
        "my sister", "my brother", "my mum", "my dad", "my partner", "my neighbour", "my friend", "my daughter",
        "my son", "the nurse", "the doctor", "the housing officer", "the social worker", "the pharmacist",
        "the receptionist", "my key worker", "the volunteer", "my cousin", "my grandmother", "my landlord",
        "the team leader", "the psychiatrist", "the counsellor", "my colleague", "the coordinator", "the chaplain",
        "the advocate", "my flatmate", "the support worker", "the occupational therapist", "my aunt", "my uncle",
    ]
    private static let places = [
        "the library", "the allotment", "the community centre", "the clinic", "the job centre", "the cafe",
        "the park", "the swimming baths", "the bus station", "the chemist", "the food bank", "the church hall",
        "the gym", "the college", "the day centre", "the market", "the hospital", "the surgery", "the station",
        "the beach", "the canal", "the leisure centre", "the museum", "the allotments", "the high street",
        "the shopping centre", "the football ground", "the youth club", "the mosque", "the temple", "the pub",
    ]
    private static let times = [
        "last winter", "in the spring", "after Christmas", "most mornings", "on Tuesdays", "at the weekend",
        "every fortnight", "before the summer", "a couple of years ago", "when I first moved", "back in March",
        "during lockdown", "after the funeral", "around my birthday", "at night", "first thing", "late on Fridays",
        "over the holidays", "in the evenings", "once a month", "since September", "before the diagnosis",
    ]
    /// Regular verbs in their base form; `inflections` adds -s, -ed and -ing.
    private static let verbs = [
        "help", "listen", "start", "walk", "talk", "call", "visit", "ask", "answer", "open", "finish", "change",
        "manage", "notice", "decide", "care", "share", "hope", "plan", "worry", "try", "carry", "cope", "struggle",
        "support", "encourage", "believe", "explain", "remember", "forget", "learn", "cook", "clean", "paint",
        "garden", "volunteer", "join", "attend", "miss", "need", "want", "like", "love", "hate", "enjoy", "laugh",
        "cry", "shout", "argue", "agree", "trust", "doubt", "wonder", "recover", "relapse", "settle", "move",
        "travel", "return", "rest", "sleep", "dream", "work", "study", "train", "apply", "interview", "wait",
        "queue", "phone", "text", "email", "post", "record", "write", "read", "stay", "pray", "dance", "sing",
        "play", "watch", "follow", "lead", "guide", "push", "pull", "lift", "fix", "repair", "build", "save",
        "spend", "borrow", "lend", "pay", "owe", "earn", "lose", "choose", "refuse", "accept", "admit", "deny",
        "avoid", "face", "handle", "juggle", "balance", "organise", "prepare", "arrange", "cancel", "reschedule",
        "complain", "thank", "welcome", "invite", "introduce", "connect", "belong", "isolate", "withdraw",
        "reach", "contact", "check", "improve", "worsen", "calm", "panic", "breathe", "relax", "exercise", "stretch",
        "smile", "nod", "frown", "shrug", "pause", "hesitate", "insist", "suggest", "mention", "describe", "compare",
        "measure", "count", "track", "review", "reflect", "value", "respect", "listen", "judge", "label", "blame",
        "forgive", "heal", "mend", "grow", "bloom", "fade", "cover", "open", "close", "lock", "escape", "shelter",
    ]
    private static let nouns = [
        "appointment", "letter", "form", "benefit", "routine", "habit", "diary", "bus", "train", "kettle", "garden",
        "kitchen", "bedroom", "flat", "house", "street", "job", "shift", "course", "group", "meeting", "session",
        "phone", "message", "voice", "story", "memory", "week", "month", "year", "morning", "evening", "weekend",
        "holiday", "birthday", "family", "neighbour", "friend", "dog", "cat", "bike", "car", "money", "bill",
        "debt", "rent", "wage", "budget", "medication", "prescription", "side effect", "dose", "symptom", "mood",
        "anxiety", "worry", "fear", "anger", "sadness", "joy", "relief", "pride", "shame", "guilt", "confidence",
        "courage", "patience", "kindness", "honesty", "respect", "dignity", "choice", "control", "freedom", "risk",
        "safety", "crisis", "setback", "milestone", "goal", "step", "plan", "list", "chart", "leaflet", "poster",
        "website", "helpline", "waiting list", "referral", "assessment", "review", "report", "file", "record",
        "rule", "policy", "boundary", "limit", "break", "gap", "bridge", "door", "window", "wall", "roof", "yard",
        "bench", "path", "corner", "queue", "ticket", "coat", "shoe", "bag", "key", "wallet", "cup", "meal",
        "breakfast", "dinner", "sandwich", "biscuit", "tea", "coffee", "walk", "run", "swim", "game", "song",
        "film", "book", "poem", "picture", "photo", "card", "gift", "hobby", "skill", "talent", "strength",
        "weakness", "question", "answer", "problem", "solution", "idea", "reason", "excuse", "promise", "secret",
        "rumour", "joke", "argument", "apology", "decision", "mistake", "lesson", "chance", "opportunity",
    ]
    private static let adjectives = [
        "quiet", "busy", "calm", "hard", "easy", "long", "short", "slow", "quick", "strange", "ordinary", "new",
        "old", "small", "huge", "cold", "warm", "bright", "dark", "honest", "kind", "patient", "tired", "anxious",
        "nervous", "hopeful", "proud", "lonely", "awkward", "friendly", "careful", "gentle", "rough", "steady",
        "shaky", "rare", "regular", "awful", "lovely", "brilliant", "decent", "fair", "unfair", "odd", "simple",
        "complicated", "practical", "useful", "useless", "scary", "safe", "risky", "fragile", "solid", "open",
        "closed", "clear", "vague", "honest", "real", "fake", "serious", "funny", "sad", "happy", "angry", "grateful",
        "stubborn", "confident", "shy", "loud", "soft", "early", "late", "recent", "sudden", "gradual", "sensible",
    ]
    private static let adverbs = [
        "slowly", "honestly", "really", "quietly", "eventually", "suddenly", "gradually", "finally", "usually",
        "sometimes", "rarely", "often", "always", "never", "properly", "barely", "nearly", "certainly", "maybe",
        "probably", "definitely", "gently", "firmly", "openly", "carefully", "quickly", "patiently", "happily",
    ]
    private static let questions = [
        "Can you tell me more about that?", "What happened next?", "How did that feel?", "Who else was involved?",
        "What helped most at the time?", "Was that different from before?", "How long did that take?",
        "What would you change?", "Did anything get in the way?", "Where were you living then?",
        "How did the team respond?", "What did you make of that?", "Could you give an example?",
        "How often did you meet?", "What was the hardest part?", "And how is it now?",
    ]
    private static let openings = [
        "Well,", "To be honest,", "I suppose", "You know,", "I think", "Looking back,", "At first", "Mostly",
        "Funnily enough,", "If I'm honest,", "I remember", "The thing is,", "Basically,", "For me,", "Actually,",
    ]

    /// Every verb form the sentences use: base, third person, past and present participle.
    static func inflections(_ verb: String) -> (s: String, ed: String, ing: String) {
        let last = verb.last ?? "x"
        let beforeLast = verb.dropLast().last ?? "x"
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        if last == "y" && !vowels.contains(beforeLast) {
            let stem = verb.dropLast()
            return (stem + "ies", stem + "ied", verb + "ing")
        }
        if last == "e" {
            return (verb + "s", verb + "d", verb.dropLast() + "ing")
        }
        let sibilant = verb.hasSuffix("sh") || verb.hasSuffix("ch") || last == "s" || last == "x"
        return (verb + (sibilant ? "es" : "s"), verb + "ed", verb + "ing")
    }

    /// One or two sentences of invented talk, drawn from `random`.
    static func sentence(_ random: inout SeededRandom) -> String {
        let verb = random.pick(verbs), forms = inflections(verb)
        let noun = random.pick(nouns), other = random.pick(nouns)
        let adjective = random.pick(adjectives)
        switch random.below(10) {
        case 0: return "\(random.pick(openings)) \(random.pick(people)) \(forms.ed) with the \(noun) \(random.pick(times))."
        case 1: return "We kept \(forms.ing) at \(random.pick(places)), and the \(noun) felt \(adjective)."
        case 2: return "\(random.pick(openings)) I \(random.pick(adverbs)) \(forms.ed) the \(adjective) \(noun)."
        case 3: return "It \(forms.s) when the \(noun) is \(adjective), \(random.pick(times)) especially."
        case 4: return "There was a \(adjective) \(noun) and a \(other), so I \(forms.ed) \(random.pick(adverbs))."
        case 5: return "\(random.pick(people).capitalisedFirst) \(random.pick(adverbs)) \(forms.s) about my \(noun)."
        case 6: return "I used to \(verb) \(random.pick(times)), but the \(noun) made it \(adjective)."
        case 7: return "Having lived experience of the \(noun) \(forms.s) with \(random.pick(["trust", "hope", "support", "recovery"]))."
        case 8: return "\(random.pick(openings)) the \(random.pick(["support", "trust", "hope", "help"])) \(random.pick(people)) gave was \(adjective)."
        default: return "\(random.pick(openings)) \(forms.ing) near \(random.pick(places)) was \(adjective)."
        }
    }

    /// An interviewer's question.
    static func question(_ random: inout SeededRandom) -> String { random.pick(questions) }
}

extension String {
    /// The string with its first character in upper case.
    fileprivate var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
