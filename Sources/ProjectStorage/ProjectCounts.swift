import GRDB
import StudyModel

/// How many of each kind of thing a project holds, as shown by `peerscript info`.
public struct ProjectCounts: Hashable, Sendable {
    /// Rows of `cases`.
    public var cases = 0
    /// Rows of `participants`.
    public var participants = 0
    /// Participants per role code, e.g. `["PW": 20, "SU": 30]`.
    public var participantsByRole: [String: Int] = [:]
    /// Rows of `coders`.
    public var coders = 0
    /// Rows of `documents`.
    public var documents = 0
    /// Rows of `codes`.
    public var codes = 0
    /// Distinct codebooks among the codes.
    public var codebooks = 0
    /// Rows of `code_bcts`.
    public var codeBCTMappings = 0
    /// Rows of `code_principles`.
    public var codePrincipleMappings = 0
    /// Rows of `segments`.
    public var segments = 0
    /// Rows of `codings`.
    public var codings = 0
    /// Codings that apply a codebook code.
    public var codeCodings = 0
    /// Codings that apply a technique directly.
    public var bctCodings = 0
    /// Codings that apply a principle directly.
    public var principleCodings = 0
    /// Segments coded by more than one coder.
    public var multiplyCodedSegments = 0
    /// Rows of `taxonomy_extensions`.
    public var taxonomyExtensions = 0
    /// Rows of `fidelity_items`.
    public var fidelityItems = 0
    /// Rows of `fidelity_ratings`.
    public var fidelityRatings = 0
    /// Rows of `notes`.
    public var notes = 0
    /// Rows of `sets`.
    public var sets = 0
    /// Rows of `set_members`.
    public var setMembers = 0

    /// Zero counts.
    public init() {}

    /// Counts the rows of a project database.
    public init(_ db: Database) throws {
        func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
        for (path, table) in Self.tableCounts {
            self[keyPath: path] = try count("SELECT COUNT(*) FROM \(table)")
        }
        for row in try Row.fetchAll(db, sql: "SELECT role, COUNT(*) AS n FROM participants GROUP BY role") {
            participantsByRole[row["role"]] = row["n"]
        }
        codebooks = try count("SELECT COUNT(DISTINCT codebook) FROM codes")
        let kinds = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS total, COUNT(code_id) AS code, COUNT(bct_id) AS bct, COUNT(principle_id) AS principle
            FROM codings
            """)
        codings = kinds?["total"] ?? 0
        codeCodings = kinds?["code"] ?? 0
        bctCodings = kinds?["bct"] ?? 0
        principleCodings = kinds?["principle"] ?? 0
        multiplyCodedSegments = try count("""
            SELECT COUNT(*) FROM (SELECT segment_id FROM codings GROUP BY segment_id HAVING COUNT(DISTINCT coder_id) > 1)
            """)
    }

    /// The counts that are the number of rows of one table.
    private static var tableCounts: [(WritableKeyPath<ProjectCounts, Int>, String)] {
        [
            (\.cases, "cases"), (\.participants, "participants"), (\.coders, "coders"), (\.documents, "documents"),
            (\.codes, "codes"), (\.codeBCTMappings, "code_bcts"), (\.codePrincipleMappings, "code_principles"),
            (\.segments, "segments"), (\.taxonomyExtensions, "taxonomy_extensions"), (\.fidelityItems, "fidelity_items"),
            (\.fidelityRatings, "fidelity_ratings"), (\.notes, "notes"), (\.sets, "sets"), (\.setMembers, "set_members"),
        ]
    }

    /// The counts as labelled lines in display order, role counts after participants.
    public var lines: [(label: String, count: Int)] {
        var lines: [(String, Int)] = [("cases", cases), ("participants", participants)]
        let knownRoles = ParticipantRole.allCases.map(\.rawValue)
        let otherRoles = participantsByRole.keys.filter { !knownRoles.contains($0) }.sorted()
        for role in knownRoles + otherRoles {
            if let number = participantsByRole[role] { lines.append(("  role \(role)", number)) }
        }
        lines += [
            ("coders", coders), ("documents", documents), ("codebooks", codebooks), ("codes", codes),
            ("code→BCT mappings", codeBCTMappings), ("code→principle mappings", codePrincipleMappings),
            ("segments", segments), ("codings", codings), ("  of codes", codeCodings), ("  of BCTs", bctCodings),
            ("  of principles", principleCodings), ("segments coded by 2+ coders", multiplyCodedSegments),
            ("taxonomy extension techniques", taxonomyExtensions), ("fidelity items", fidelityItems),
            ("fidelity ratings", fidelityRatings), ("notes", notes), ("sets", sets), ("set members", setMembers),
        ]
        return lines
    }
}
