import ResultTables
import StudyModel

/// A field a query can filter, group or read by name: a dotted path such as
/// `participant.role` or `bct.group`, or the name of a participant or case attribute.
public struct CorpusField: Sendable, Hashable, CustomStringConvertible {
    /// What a field's values describe.
    public enum Subject: String, Sendable, CaseIterable {
        /// The coding itself.
        case coding
        /// The coded span of text.
        case segment
        /// The document the span is in.
        case document
        /// The person the document is from.
        case participant
        /// The site or service (case) of the document or participant.
        case studyCase = "case"
        /// The codebook code applied.
        case code
        /// The person who applied the coding.
        case coder
        /// A behaviour change technique the coding counts for.
        case bct
        /// A peer-support principle the coding counts for.
        case principle
    }

    /// The name used in queries, such as `participant.role`.
    public let name: String
    /// One sentence on what the field holds.
    public let summary: String
    /// What the values describe.
    public let subject: Subject

    /// True when one coding can have several values (BCT and principle fields): a coding of a
    /// code mapped to three techniques counts once for each of them.
    public var isMultiValued: Bool { subject == .bct || subject == .principle }

    /// The field's name.
    public var description: String { name }

    /// The fields every corpus has, in the order they are listed. Participant and case
    /// attributes add `participant.<name>` and `case.<name>` fields per project.
    public static let builtIn: [CorpusField] = [
        .init(name: "participant.id", summary: "Id of the participant whose document holds the text.", subject: .participant),
        .init(name: "participant.role", summary: "Participant role: PW, SU, ST, MA or another code as written.", subject: .participant),
        .init(name: "case.id", summary: "Id of the case (site or service) of the document, else of its participant.", subject: .studyCase),
        .init(name: "case.sector", summary: "Sector of the case: STA, PAR, VOL or other text.", subject: .studyCase),
        .init(name: "case.label", summary: "Human-readable name of the case.", subject: .studyCase),
        .init(name: "document.id", summary: "Id of the document holding the text.", subject: .document),
        .init(name: "document.title", summary: "Title of the document.", subject: .document),
        .init(name: "segment.id", summary: "Number of the coded span of text.", subject: .segment),
        .init(name: "coder", summary: "Name of the person who applied the coding.", subject: .coder),
        .init(name: "coding.applied", summary: "What the coding applies, of any kind: the code's id, or bct:<id> or principle:<id> for a technique or principle applied directly.", subject: .coding),
        .init(name: "code.id", summary: "Id of the codebook code applied (none for direct BCT or principle codings).", subject: .code),
        .init(name: "code.label", summary: "Label of the code applied.", subject: .code),
        .init(name: "code.path", summary: "Labels from theme down to the code, joined by ' > '.", subject: .code),
        .init(name: "code.codebook", summary: "Codebook the code belongs to.", subject: .code),
        .init(name: "code.level", summary: "Depth of the code: theme, category or code.", subject: .code),
        .init(name: "code.parent", summary: "Id of the code's parent in its codebook (none for a theme).", subject: .code),
        .init(name: "code.category", summary: "Id of the category the code is or sits in, for category-level counts and agreement.", subject: .code),
        .init(name: "code.theme", summary: "Id of the theme the code is or sits in.", subject: .code),
        .init(name: "bct.id", summary: "Technique number such as 3.1; codes mapped to techniques count for each.", subject: .bct),
        .init(name: "bct.label", summary: "Technique name as the taxonomy gives it.", subject: .bct),
        .init(name: "bct.group", summary: "Technique group number such as 3 or 17.", subject: .bct),
        .init(name: "bct.group_label", summary: "Technique group name such as Social support.", subject: .bct),
        .init(name: "bct.framework", summary: "Where the technique comes from: bcttv1, relational or an extension name.", subject: .bct),
        .init(name: "framework", summary: "Same as bct.framework.", subject: .bct),
        .init(name: "principle.id", summary: "Peer-support principle P1 to P5 or DIV; codes mapped to principles count for each.", subject: .principle),
        .init(name: "principle.label", summary: "Short name of the principle.", subject: .principle),
    ]
}

/// The values a field can take, numbered: either a string dictionary or, for segment ids,
/// the integer keys themselves.
enum ValueDomain: Sendable {
    case strings(StringDictionary)
    case integers([Int64], IntegerKeyIndex)

    /// Number of distinct values.
    var count: Int {
        switch self {
        case let .strings(dictionary): dictionary.count
        case let .integers(keys, _): keys.count
        }
    }

    /// The text of a value code.
    func label(_ code: Int32) -> String {
        switch self {
        case let .strings(dictionary): dictionary[code]
        case let .integers(keys, _): String(keys[Int(code)])
        }
    }

    /// The code of a value, or nil when the field never takes it.
    func code(of label: String) -> Int32? {
        switch self {
        case let .strings(dictionary): return dictionary.code(of: label)
        case let .integers(_, index): return Int64(label).flatMap(index.row(of:))
        }
    }

    /// All values as text, in code order.
    var labels: [String] {
        (0..<count).map { label(Int32($0)) }
    }

    /// Value codes in reading order (numbers inside labels by value, see `NaturalOrder`).
    func sorted<S: Sequence>(_ codes: S) -> [Int32] where S.Element == Int32 {
        switch self {
        case let .strings(dictionary):
            return codes.sorted { NaturalOrder.precedes(dictionary[$0], dictionary[$1]) }
        case let .integers(keys, _):
            return codes.sorted { keys[Int($0)] < keys[Int($1)] }
        }
    }
}

/// How a field is read: the table (level) it lives on and the value code of each row there.
/// A class, so that looking a field up by name hands out a reference rather than copying
/// its columns.
final class FieldDefinition: Sendable {
    let field: CorpusField
    let level: Level
    /// Value code per row of `level`, -1 for none; nil when each row is its own value (ids).
    let codes: [Int32]?
    let domain: ValueDomain
    /// Whether a filter value outside `domain` is a mistake (a technique or principle that
    /// does not exist) rather than a value this project happens not to use.
    let validatesValues: Bool

    init(field: CorpusField, level: Level, codes: [Int32]?, domain: ValueDomain, validatesValues: Bool) {
        self.field = field
        self.level = level
        self.codes = codes
        self.domain = domain
        self.validatesValues = validatesValues
    }

    /// The value code of a row of `level`.
    @inline(__always)
    func code(ofRow row: Int32) -> Int32 {
        guard let codes else { return row }
        return codes[Int(row)]
    }
}
