@testable import CorpusGenerator
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

@Suite("Project generator and demo corpus")
struct GeneratorTests {
    static let small = GeneratorOptions(participants: 30, codings: 1_500, coders: 3, seed: 11)

    @Test("the same seed gives a byte-identical file; another seed does not")
    func determinism() throws {
        let directory = try StoreTestDirectory()
        let first = directory.file("a.peerdb")
        let second = directory.file("b.peerdb")
        let other = directory.file("c.peerdb")
        try ProjectGenerator.generate(Self.small, to: first)
        try ProjectGenerator.generate(Self.small, to: second)
        var reseeded = Self.small
        reseeded.seed = 12
        try ProjectGenerator.generate(reseeded, to: other)
        let bytes = try Data(contentsOf: first)
        #expect(bytes.count > 0)
        #expect(bytes == (try Data(contentsOf: second)))
        #expect(bytes != (try Data(contentsOf: other)))
        // Only the finished files remain: no partial build, no journal.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(names == ["a.peerdb", "b.peerdb", "c.peerdb"])
    }

    @Test("a generated file is a valid project with the requested sizes")
    func generatedProject() throws {
        let directory = try StoreTestDirectory()
        let url = directory.file("g.peerdb")
        let summary = try ProjectGenerator.generate(Self.small, to: url)
        let store = try ProjectStore.open(at: url, readOnly: true)
        let counts = try store.counts()
        #expect(counts.participants == 30 && summary.participants == 30)
        #expect(counts.participantsByRole == ["SU": 13, "PW": 9, "ST": 4, "MA": 4])  // four full cases, then SU and PW
        #expect(counts.cases == 5 && counts.documents == 30)
        #expect(counts.codings == 1_500 && summary.codings == 1_500)
        #expect(counts.coders == 3)
        #expect(counts.segments == summary.segments)
        #expect(counts.multiplyCodedSegments == summary.multiplyCodedSegments)
        #expect(counts.codeCodings > 0 && counts.bctCodings > 0 && counts.principleCodings > 0)
        // A segment has one to three codings.
        let extra = counts.codings - counts.segments
        #expect(extra >= counts.multiplyCodedSegments && extra <= 2 * counts.multiplyCodedSegments)
        #expect(counts.multiplyCodedSegments > 0)
        let problems = try store.read { db in
            (try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try String.fetchOne(db, sql: "PRAGMA integrity_check"))
        }
        #expect(problems.0 == 0)
        #expect(problems.1 == "wal")
        #expect(problems.2 == "ok")
        #expect(try store.meta()["synthetic"] == "true")
        #expect(try store.meta()["created_at"] == "2024-01-01T00:00:00Z")
    }

    @Test("technique choice depends on the participant's role")
    func roleDependence() throws {
        let store = try ProjectStore.inMemory()
        try ProjectGenerator.populate(store, with: GeneratorOptions(participants: 140, codings: 20_000, coders: 2, seed: 3))
        let shares = try store.read { db in
            try Row.fetchAll(db, sql: """
                SELECT p.role, AVG(c.bct_id = '3.3') AS emotional, AVG(c.code_id = 'oc.teams') AS teams
                FROM codings c JOIN segments s ON s.id = c.segment_id JOIN documents d ON d.id = s.document_id
                JOIN participants p ON p.id = d.participant_id GROUP BY p.role
                """).reduce(into: [String: (Double, Double)]()) { $0[$1["role"]] = ($1["emotional"], $1["teams"]) }
        }
        // Service users talk most about emotional support, managers about building teams.
        #expect(shares["SU"]!.0 > 2 * shares["MA"]!.0)
        #expect(shares["MA"]!.1 > 5 * shares["SU"]!.1)
    }

    @Test("disagreement between coders follows the requested rate")
    func disagreement() throws {
        for rate in [0.0, 0.5] {
            let store = try ProjectStore.inMemory()
            let summary = try ProjectGenerator.populate(store, with: GeneratorOptions(
                participants: 70, codings: 10_000, coders: 2, seed: 9, doubleCodedShare: 0.5, disagreement: rate))
            let differing = try store.read { db in
                try Int.fetchOne(db, sql: """
                    SELECT COUNT(*) FROM segments s WHERE
                      (SELECT COUNT(DISTINCT COALESCE(code_id, bct_id, principle_id)) FROM codings WHERE segment_id = s.id) > 1
                    """)!
            }
            #expect(differing == summary.disagreements)
            let observed = Double(differing) / Double(summary.multiplyCodedSegments)
            #expect(abs(observed - rate) < 0.05, "rate \(rate): observed \(observed)")
        }
    }

    @Test("invalid options and existing files are refused")
    func refusals() throws {
        #expect(throws: GeneratorError.invalidOption("participants", "must be at least 1")) {
            try GeneratorOptions(participants: 0, codings: 1, coders: 1, seed: 1).validate()
        }
        #expect(throws: GeneratorError.self) {
            try GeneratorOptions(participants: 1, codings: 1, coders: 1, seed: 1, disagreement: 1.5).validate()
        }
        #expect(GeneratorError.invalidOption("coders", "must be at least 1").description == "--coders must be at least 1")
        let directory = try StoreTestDirectory()
        let url = directory.file("taken.peerdb")
        try Data("keep me".utf8).write(to: url)
        #expect(throws: ProjectStoreError.alreadyExists(path: url.path)) {
            try ProjectGenerator.generate(Self.small, to: url)
        }
        #expect(try Data(contentsOf: url) == Data("keep me".utf8))
        try ProjectGenerator.generate(Self.small, to: url, replacing: true)
        #expect(try ProjectStore.open(at: url).counts().codings == 1_500)
    }

    @Test("a single coder and zero codings are fine")
    func edges() throws {
        let store = try ProjectStore.inMemory()
        let summary = try ProjectGenerator.populate(store, with: GeneratorOptions(participants: 3, codings: 0, coders: 1, seed: 1))
        #expect(summary.codings == 0 && summary.participants == 3 && summary.cases == 1)
        let solo = try ProjectStore.inMemory()
        let soloSummary = try ProjectGenerator.populate(solo, with: GeneratorOptions(participants: 8, codings: 100, coders: 1, seed: 1))
        #expect(soloSummary.multiplyCodedSegments == 0 && soloSummary.codings == 100 && soloSummary.segments == 100)
    }

    @Test("the demo corpus has the documented shape")
    func demoShape() throws {
        let store = try DemoCorpus.makeStore()
        let counts = try store.counts()
        #expect(counts.cases == 10)
        #expect(counts.participants == 70)
        #expect(counts.participantsByRole == ["SU": 30, "PW": 20, "ST": 10, "MA": 10])
        #expect(counts.coders == 3)
        #expect(counts.documents == 70)
        #expect(counts.segments == 70 * 12)
        #expect(counts.multiplyCodedSegments > 100 && counts.multiplyCodedSegments < 400)
        // Extra coders take whole transcripts: in each document (coded in one pass) either every
        // segment is coded again or none is.
        let mixed = try store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (
                  SELECT s.document_id, min(n) AS least, max(n) AS most
                  FROM segments s JOIN (SELECT segment_id, count(*) AS n FROM codings GROUP BY segment_id) c
                    ON c.segment_id = s.id
                  GROUP BY s.document_id) WHERE least = 1 AND most > 1
                """)
        }
        #expect(mixed == 0)
        #expect(counts.codebooks == 3)
        #expect(counts.fidelityItems == 11 && counts.fidelityRatings > 0 && counts.notes == 1)
        let sectors = try store.read { db in try String.fetchAll(db, sql: "SELECT DISTINCT sector FROM cases ORDER BY sector") }
        #expect(sectors == ["PAR", "STA", "VOL"])
        #expect(try store.meta()["title"] == DemoCorpus.title)
        #expect(DemoCorpus.notice.contains("synthetic"))
    }

    @Test("demo transcripts say they are synthetic and every segment spans its topic phrase")
    func demoText() throws {
        let store = try DemoCorpus.makeStore()
        try store.read { db in
            let documents = try Document.fetchAll(db)
            let texts = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0.text) })
            #expect(documents.allSatisfy { $0.text.hasPrefix("SYNTHETIC TRANSCRIPT") })
            #expect(documents.allSatisfy { $0.contentHash == Document.contentHash(of: $0.text) })
            let phrases = Set(SyntheticText.topics.map(\.phrase))
            for segment in try Segment.fetchAll(db) {
                #expect(phrases.contains(try segment.excerpt(of: texts[segment.documentID]!)))
            }
            // Codings reference codes, techniques and principles that exist.
            for coding in try Coding.fetchAll(db) {
                switch coding.target {
                case let .bct(id): #expect(Taxonomy.standard.bct(id) != nil)
                case let .principle(id): #expect(PrinciplesFramework.standard.principle(id) != nil)
                case .code: break  // enforced by the foreign key
                }
            }
        }
    }

    @Test("the demo corpus is the same on every build")
    func demoDeterminism() throws {
        func snapshot() throws -> [String] {
            try DemoCorpus.makeStore().read { db in
                try String.fetchAll(db, sql: """
                    SELECT c.segment_id || ' ' || c.coder_id || ' ' || COALESCE(c.code_id, c.bct_id, c.principle_id)
                    FROM codings c ORDER BY c.id
                    """)
                    + String.fetchAll(db, sql: "SELECT id || attributes FROM participants ORDER BY id")
                    + String.fetchAll(db, sql: "SELECT content_hash FROM documents ORDER BY id")
                    + String.fetchAll(db, sql: "SELECT item_id || COALESCE(case_id, participant_id) || value FROM fidelity_ratings")
            }
        }
        #expect(try snapshot() == snapshot())
    }

    @Test("timestamps are ISO 8601 in UTC")
    func timestamps() {
        #expect(SyntheticText.timestamp(0) == "1970-01-01T00:00:00Z")
        #expect(SyntheticText.timestamp(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(SyntheticText.timestamp(1_704_099_600 + 3_661) == "2024-01-01T10:01:01Z")
        #expect(SyntheticText.timestamp(1_709_210_096) == Coding.timestamp(Date(timeIntervalSince1970: 1_709_210_096)))
    }

    @Test("the random sequence is fixed for a seed")
    func randomSequence() {
        var random = SeededRandom(seed: 1)
        // SplitMix64's published first outputs for seed 1.
        #expect(random.next() == 0x910A_2DEC_8902_5CC1)
        #expect(random.next() == 0xBEEB_8DA1_658E_EC67)
        var bounded = SeededRandom(seed: 5)
        #expect((0..<1_000).allSatisfy { _ in (0..<7).contains(bounded.below(7)) })
    }
}
