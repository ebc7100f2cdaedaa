/// The tables a corpus query can reach. Each single-valued table (case, participant, document,
/// segment, code, coder) is reached from a coding by one join array; BCTs and principles are
/// reached through a list per coding.
enum Level: Int, CaseIterable, Sendable {
    case coding, segment, document, participant, studyCase, code, coder, bct, principle

    /// True for the tables a coding can reach more than one row of.
    var isListLevel: Bool { self == .bct || self == .principle }
}

/// The whole coded corpus as dictionary-encoded columns, with the joins from each coding to
/// the rows it belongs to already resolved. Row indices are `Int32`; -1 marks "no row".
package struct CorpusColumns: Sendable, Equatable {
    // Codings, in id order.
    var codingIDs: [Int64] = []
    var codingSegment: [Int32] = []
    var codingDocument: [Int32] = []
    package var codingParticipant: [Int32] = []
    var codingCase: [Int32] = []
    var codingCode: [Int32] = []
    var codingCoder: [Int32] = []
    /// BCT rows each coding counts for: its own `bct_id` plus the BCTs its code maps to.
    package var codingBCTs = RowLists()
    /// Principle rows each coding counts for: its own `principle_id` plus its code's principles.
    var codingPrinciples = RowLists()

    // Segments, in id order.
    var segmentIDs: [Int64] = []
    var segmentIndex = IntegerKeyIndex([])
    var segmentDocument: [Int32] = []
    var segmentParticipant: [Int32] = []
    var segmentCase: [Int32] = []
    var segmentStart: [Int32] = []
    var segmentEnd: [Int32] = []

    // Documents (texts stay in the database until quotes need them).
    var documentIDs = StringDictionary()
    var documentTitle = EncodedColumn()
    var documentParticipant: [Int32] = []
    /// The document's own case, or its participant's when the document names none.
    var documentCase: [Int32] = []

    // Participants.
    var participantIDs = StringDictionary()
    package var participantRole = EncodedColumn()
    var participantCase: [Int32] = []
    var participantAttributes: [String: EncodedColumn] = [:]

    // Cases.
    var caseIDs = StringDictionary()
    var caseSector = EncodedColumn()
    var caseLabel = EncodedColumn()
    var caseAttributes: [String: EncodedColumn] = [:]

    // Codes.
    var codeIDs = StringDictionary()
    var codeLabel = EncodedColumn()
    var codePath = EncodedColumn()
    var codeCodebook = EncodedColumn()
    var codeLevel = EncodedColumn()
    /// The parent's id, and the ids of the nearest category and theme at or above the code.
    var codeParent = EncodedColumn()
    var codeCategory = EncodedColumn()
    var codeTheme = EncodedColumn()

    // Coders, by name.
    var coderNames = StringDictionary()

    // Techniques: the taxonomy's, the project's extensions, then ids met only in the data.
    package var bctIDs = StringDictionary()
    var bctLabel = EncodedColumn()
    package var bctGroup = EncodedColumn()
    var bctGroupLabel = EncodedColumn()
    package var bctFramework = EncodedColumn()

    // Principles: the framework's, then ids met only in the data.
    var principleIDs = StringDictionary()
    var principleLabel = EncodedColumn()

    /// Number of rows of a table.
    func rowCount(_ level: Level) -> Int {
        switch level {
        case .coding: codingIDs.count
        case .segment: segmentIDs.count
        case .document: documentIDs.count
        case .participant: participantIDs.count
        case .studyCase: caseIDs.count
        case .code: codeIDs.count
        case .coder: coderNames.count
        case .bct: bctIDs.count
        case .principle: principleIDs.count
        }
    }

    /// Whether each row of `from` belongs to at most one row of `to`.
    static func determines(_ from: Level, _ to: Level) -> Bool {
        if from == to { return true }
        switch from {
        case .coding: return !to.isListLevel
        case .segment: return to == .document || to == .participant || to == .studyCase
        case .document: return to == .participant || to == .studyCase
        case .participant: return to == .studyCase
        default: return false
        }
    }
}
