import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// What `ProjectGenerator` should make.
public struct GeneratorOptions: Hashable, Sendable {
    /// Number of participants (seven per case, all four roles in every case).
    public var participants: Int
    /// Number of codings to write.
    public var codings: Int
    /// Number of coders.
    public var coders: Int
    /// Seed of the random sequence; the same options always give the same file.
    public var seed: UInt64
    /// Share of transcripts that a second coder codes as well, every line of them (0–1).
    public var doubleCodedShare: Double
    /// Chance that a second or third coder applies a different target from the first (0–1).
    public var disagreement: Double
    /// Lines per transcript; by default just enough for the codings to cover each line once.
    public var linesPerDocument: Int?
    /// Stop after one pass over the transcripts even if fewer codings were written (the demo
    /// corpus codes every line once).
    var singlePass = false
    /// The share of answers that open with invented talk before their topic phrase (a third of
    /// that share follows a question): all of them in the demo corpus, fewer in generated
    /// projects, whose texts then stay near 60 bytes a coding.
    var talk = 0.15

    /// Makes options; the defaults double-code a quarter of transcripts with 20 % disagreement.
    public init(participants: Int, codings: Int, coders: Int, seed: UInt64, doubleCodedShare: Double = 0.25,
                disagreement: Double = 0.2, linesPerDocument: Int? = nil) {
        self.participants = participants
        self.codings = codings
        self.coders = coders
        self.seed = seed
        self.doubleCodedShare = doubleCodedShare
        self.disagreement = disagreement
        self.linesPerDocument = linesPerDocument
    }

    /// Throws `GeneratorError.invalidOption` for values that cannot produce a project.
    public func validate() throws {
        func fail(_ option: String, _ message: String) -> GeneratorError { .invalidOption(option, message) }
        guard participants >= 1 else { throw fail("participants", "must be at least 1") }
        guard coders >= 1 else { throw fail("coders", "must be at least 1") }
        guard codings >= 0 else { throw fail("codings", "must not be negative") }
        guard (0...1).contains(doubleCodedShare) else { throw fail("double-coded", "must lie between 0 and 1") }
        guard (0...1).contains(disagreement) else { throw fail("disagreement", "must lie between 0 and 1") }
        if let lines = linesPerDocument, lines < 1 { throw fail("lines", "must be at least 1") }
    }

    /// Average codings per segment the options lead to.
    var codingsPerSegment: Double {
        guard coders > 1 else { return 1 }
        return 1 + doubleCodedShare + (coders > 2 ? doubleCodedShare * Self.thirdCoderShare : 0)
    }

    /// Of the double-coded transcripts, the share a third coder codes too.
    static let thirdCoderShare = 0.3
}

/// Why a project could not be generated.
public enum GeneratorError: Error, Equatable, Sendable {
    /// An option value is out of range.
    case invalidOption(String, String)
}

extension GeneratorError: DescribedError {
    /// A sentence naming the option and its allowed range.
    public var description: String {
        switch self {
        case let .invalidOption(option, message): "--\(option) \(message)"
        }
    }
}

/// What a generator run wrote.
public struct GeneratorSummary: Hashable, Sendable {
    /// Cases written.
    public var cases = 0
    /// Participants written.
    public var participants = 0
    /// Transcripts written.
    public var documents = 0
    /// Coders written.
    public var coders = 0
    /// Segments written.
    public var segments = 0
    /// Codings written.
    public var codings = 0
    /// Segments coded by more than one coder.
    public var multiplyCodedSegments = 0
    /// Codings of a second or third coder that differ from the first coder's.
    public var disagreements = 0
}

/// Writes synthetic projects of any size for benchmarks and tests: cases over the three
/// sectors, participants of all four roles, template transcripts, and codings whose targets
/// depend on the participant's role, with a controlled share of double coding and disagreement.
public enum ProjectGenerator {
    /// The creation time recorded in generated projects, fixed so files are reproducible.
    public static let createdAt = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01T00:00:00Z

    /// Generates a project file at `url`. The file is built under a temporary name and moved
    /// into place when complete; an existing file is replaced only when `replacing` is true.
    @discardableResult
    public static func generate(_ options: GeneratorOptions, to url: URL, replacing: Bool = false) throws -> GeneratorSummary {
        try options.validate()
        let manager = FileManager.default
        if manager.fileExists(atPath: url.path), !replacing { throw ProjectStoreError.alreadyExists(path: url.path) }
        let partial = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try ProjectStore.removeFiles(at: partial)
        do {
            // No journal while building: the file only becomes the project once it is complete
            // and renamed, so a crash leaves at most a stray partial file.
            let store = try ProjectStore.create(
                at: partial, title: "Generated project (seed \(options.seed))", createdAt: createdAt, journal: "OFF")
            // Every reference the generator writes points at a row it wrote before, so the
            // per-row foreign key look-ups are skipped for the bulk build (tests check the result).
            try store.database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            let summary = try populate(store, with: options)
            try store.finishBulkWrite()
            try store.close()
            try ProjectStore.removeFiles(at: url)
            try manager.moveItem(at: partial, to: url)
            return summary
        } catch {
            try? ProjectStore.removeFiles(at: partial)
            throw error
        }
    }

    /// Fills an empty project with generated data in one transaction.
    @discardableResult
    public static func populate(_ store: ProjectStore, with options: GeneratorOptions) throws -> GeneratorSummary {
        try options.validate()
        return try store.write { db in try write(options, into: db) }
    }

    /// Writes generated data inside the caller's transaction.
    static func write(_ options: GeneratorOptions, into db: Database) throws -> GeneratorSummary {
        var run = GeneratorRun(options: options, db: db)
        try run.run()
        return run.summary
    }
}

/// One generator run inside a write transaction.
private struct GeneratorRun {
    let options: GeneratorOptions
    let db: Database
    var random: SeededRandom
    var summary = GeneratorSummary()

    init(options: GeneratorOptions, db: Database) {
        self.options = options
        self.db = db
        self.random = SeededRandom(seed: options.seed)
    }

    mutating func run() throws {
        try ProjectStore.setMeta(db, "synthetic", "true")
        try ProjectStore.setMeta(db, "generator", "participants=\(options.participants) codings=\(options.codings) "
            + "coders=\(options.coders) seed=\(options.seed) double-coded=\(options.doubleCodedShare) "
            + "disagreement=\(options.disagreement)")
        for codebook in Codebook.builtIn { try codebook.insert(db) }
        let (cases, participants) = SyntheticStudy.layout(participants: options.participants, random: &random)
        for studyCase in cases { try studyCase.insert(db) }
        for participant in participants { try participant.insert(db) }
        var coderIDs: [Int64] = []
        for number in 0..<options.coders {
            var coder = Coder(name: "Coder \(Self.coderName(number))")
            try coder.insert(db)
            coderIDs.append(coder.id!)
        }
        summary.cases = cases.count
        summary.participants = participants.count
        summary.coders = coderIDs.count
        let transcripts = try writeDocuments(participants)
        try writeCodings(transcripts, coderIDs: coderIDs)
    }

    /// Coder names A, B, …, Z, then A2, B2, … for larger teams.
    static func coderName(_ number: Int) -> String {
        let letter = String(UnicodeScalar(UInt8(65 + number % 26)))
        return number < 26 ? letter : "\(letter)\(number / 26 + 1)"
    }

    private var linesPerDocument: Int {
        if let lines = options.linesPerDocument { return lines }
        let segments = Double(options.codings) / options.codingsPerSegment
        return max(1, Int((segments / Double(options.participants)).rounded(.up)))
    }

    /// One transcript per participant.
    private mutating func writeDocuments(_ participants: [Participant]) throws -> [(id: String, transcript: SyntheticText.Transcript)] {
        var written: [(String, SyntheticText.Transcript)] = []
        for participant in participants {
            let role = participant.knownRole!
            let transcript = SyntheticText.transcript(
                participantID: participant.id, role: role, lines: linesPerDocument, random: &random,
                proseSeed: options.seed ^ SyntheticText.hash(participant.id), talk: options.talk)
            let document = Document(
                id: "DOC-\(participant.id)", title: "Synthetic interview with \(participant.id)",
                participantID: participant.id, caseID: participant.caseID, text: transcript.text,
                metadata: ["synthetic": "yes", "interview_round": "1"])
            try document.insert(db)
            var kept = transcript
            kept.text = ""  // the text is stored; only topics and spans are needed from here on
            written.append((document.id, kept))
        }
        summary.documents = written.count
        return written
    }

    /// Codes the transcripts line by line, document by document, until enough codings exist.
    private mutating func writeCodings(_ transcripts: [(id: String, transcript: SyntheticText.Transcript)],
                                       coderIDs: [Int64]) throws {
        var segmentStatement = try BulkStatement(
            db, sql: "INSERT INTO segments (id, document_id, start, end) VALUES (?, ?, ?, ?)")
        var codingStatement = try BulkStatement(db, sql: """
            INSERT INTO codings (segment_id, code_id, bct_id, principle_id, coder_id, created_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        let start = 1_704_099_600  // 2024-01-01T09:00:00Z
        var segmentID: Int64 = 0
        var pass = 0
        while summary.codings < options.codings, !(options.singlePass && pass > 0) {
            for (documentIndex, (documentID, transcript)) in transcripts.enumerated() {
                // Coders take whole transcripts, as double-coding teams do, so a second coder's
                // silence on a line is a decision rather than a line they never read.
                let coders = codersFor(document: documentIndex + pass, count: coderIDs.count)
                for (line, topic) in transcript.topics.enumerated() where summary.codings < options.codings {
                    segmentID += 1
                    let span = transcript.spans[line]
                    segmentStatement.bind(segmentID)
                    segmentStatement.bind(documentID)
                    segmentStatement.bind(span.start)
                    segmentStatement.bind(span.end)
                    try segmentStatement.step()
                    for (order, coder) in coders.enumerated() where summary.codings < options.codings {
                        var applied = topic
                        if order > 0, random.chance(options.disagreement) {
                            applied = SyntheticText.alternative(to: topic, random: &random)
                            summary.disagreements += 1
                        }
                        let target = SyntheticText.topics[applied].target
                        let time = SyntheticText.timestamp(start + Int(segmentID) * 23 + order * 3_600)
                        codingStatement.bind(segmentID)
                        codingStatement.bind(target.codeID)
                        codingStatement.bind(target.bctID)
                        codingStatement.bind(target.principleID)
                        codingStatement.bind(coderIDs[coder])
                        codingStatement.bind(time)
                        try codingStatement.step()
                        summary.codings += 1
                    }
                    summary.segments += 1
                    if coders.count > 1 { summary.multiplyCodedSegments += 1 }
                }
            }
            pass += 1
        }
    }

    /// The coder indices for one transcript: its first coder, then possibly a second and a
    /// third chosen among the others.
    private mutating func codersFor(document: Int, count: Int) -> [Int] {
        let first = document % count
        guard count > 1, random.chance(options.doubleCodedShare) else { return [first] }
        let second = (first + 1 + random.below(count - 1)) % count
        guard count > 2, random.chance(GeneratorOptions.thirdCoderShare) else { return [first, second] }
        let others = (0..<count).filter { $0 != first && $0 != second }
        return [first, second, others[random.below(others.count)]]
    }
}
