import Foundation

/// What PeerScript knows that REFI-QDA has no element for — code ids, codebooks, levels and their
/// technique and principle mappings, document ids, what each note is attached to, taxonomy
/// extensions — carried through an exchange as JSON in one project-level note.
///
/// Other programs show the note as an ordinary memo and keep it; PeerScript reads it back on
/// import so that exporting a project and importing the result loses nothing. A file without the
/// note (any export from another program) imports the same way, with ids made from names.
public struct ExchangeMetadata: Codable, Sendable, Equatable {
    /// The name of the note that carries the metadata.
    public static let noteName = "PeerScript exchange metadata"
    /// The version of this layout.
    public static let currentVersion = 1

    /// Identity of one code, by code GUID.
    public struct CodeInfo: Codable, Sendable, Equatable {
        /// Code id in the project.
        public var id: String
        /// Codebook the code belongs to.
        public var codebook: String
        /// `theme`, `category` or `code`.
        public var level: String
        /// Technique mappings.
        public var bcts: [Mapping]?
        /// Principle mappings.
        public var principles: [Mapping]?
        /// The code's own name when the export renamed it to keep names unique.
        public var label: String? = nil
    }

    /// One mapping of a code to a technique or principle.
    public struct Mapping: Codable, Sendable, Equatable {
        /// Technique or principle id.
        public var id: String
        /// Why the code maps there.
        public var rationale: String?
    }

    /// Where a note is attached, by note GUID.
    public struct NoteTarget: Codable, Sendable, Equatable {
        /// `project`, `document`, `code`, `case`, `segment` or `coding`; nil when unattached.
        public var kind: String?
        /// The target's id (GUID for segments and codings).
        public var id: String?
        /// The note's author as the project records it (a name, not a GUID).
        public var author: String?
        /// True when the note had no valid date and the export wrote the project's creation
        /// time in its place, so an import leaves the note undated.
        public var dateFilledIn: Bool? = nil
    }

    /// Layout version.
    public var version = ExchangeMetadata.currentVersion
    /// Code identities by code GUID.
    public var codes: [String: CodeInfo] = [:]
    /// Document ids by source GUID.
    public var documents: [String: String] = [:]
    /// Note targets by note GUID.
    public var notes: [String: NoteTarget] = [:]
    /// Case members of sets (REFI-QDA sets cannot hold cases), by set GUID.
    public var setCases: [String: [String]] = [:]
    /// Rows of `taxonomy_extensions`, `fidelity_items` and `fidelity_ratings`, column by column.
    public var tables: [String: [[String: JSONScalar]]] = [:]

    /// Creates empty metadata.
    public init() {}

    /// The metadata in `project`'s notes, if one of them carries it and it parses.
    static func find(in project: QDAProject) -> (metadata: ExchangeMetadata, noteGUID: String)? {
        for note in project.notes where note.name == noteName {
            if let metadata = try? JSONDecoder().decode(ExchangeMetadata.self, from: Data(note.text.utf8)) {
                return (metadata, note.guid)
            }
        }
        return nil
    }

    /// The metadata as pretty, key-sorted JSON text.
    func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings and numbers cannot fail.
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A single SQLite value in JSON: text, integer, real or null.
public enum JSONScalar: Codable, Sendable, Equatable {
    /// Text.
    case text(String)
    /// Whole number.
    case integer(Int64)
    /// Floating-point number.
    case real(Double)
    /// No value.
    case null

    /// Reads a JSON scalar; integers stay integers.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let integer = try? container.decode(Int64.self) {
            self = .integer(integer)
        } else if let real = try? container.decode(Double.self) {
            self = .real(real)
        } else {
            self = .text(try container.decode(String.self))
        }
    }

    /// Writes the value as a JSON scalar.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .text(value): try container.encode(value)
        case let .integer(value): try container.encode(value)
        case let .real(value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }
}

/// GUIDs PeerScript derives for things it writes into REFI-QDA files, so that the same thing
/// has the same GUID in every export and is recognised on import.
enum ExchangeGUID {
    /// The code standing for technique `id` when a coding applies it directly.
    static func bct(_ id: String) -> String { QDAGUID.derived("bct:" + id) }
    /// The folder code of technique group `id`.
    static func bctGroup(_ id: String) -> String { QDAGUID.derived("bct-group:" + id) }
    /// The code standing for principle `id`.
    static func principle(_ id: String) -> String { QDAGUID.derived("principle:" + id) }
    /// The folder code above all technique codes.
    static let techniquesFolder = QDAGUID.derived("folder:techniques")
    /// The folder code above all principle codes.
    static let principlesFolder = QDAGUID.derived("folder:principles")
    /// The folder code of a codebook when a project has more than one.
    static func codebookFolder(_ id: String) -> String { QDAGUID.derived("codebook:" + id) }
    /// The note holding a coding's memo.
    static func memo(coding guid: String) -> String { QDAGUID.derived("memo:" + guid) }
    /// A variable named `name`.
    static func variable(_ name: String) -> String { QDAGUID.derived("variable:" + name) }
}
