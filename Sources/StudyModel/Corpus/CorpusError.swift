import Foundation

/// A problem with corpus data: an identifier that cannot be read, a segment that does not fit
/// its document, or a stored row that breaks the project format.
public enum CorpusError: Error, Equatable, Sendable {
    /// A participant id is not of the form case + role + number (e.g. `PAR1PW01`).
    /// `row` is the 1-based input row when the id came from a table.
    case unparsableParticipantID(String, row: Int?)
    /// A segment's offsets are negative, reversed, or run past the end of its document.
    case segmentOutOfRange(documentID: String, start: Int, end: Int, length: Int)
    /// A coding row names none, or more than one, of code, BCT and principle.
    case invalidCodingTarget(codingID: Int64?)
    /// A stored JSON column (attributes, metadata) is not a JSON object of text values.
    case invalidJSONColumn(table: String, column: String, rowID: String)
    /// A code row has a level other than theme, category or code.
    case invalidCodeLevel(codeID: String, level: String)
}

extension CorpusError: DescribedError {
    /// A sentence naming the offending value and what to do about it.
    public var description: String {
        switch self {
        case let .unparsableParticipantID(id, row):
            return "\(rowPrefix(row))participant id '\(id)' does not have the form CASE+ROLE+NUMBER "
                + "(e.g. PAR1PW01: case PAR1, role PW/SU/ST/MA, number 01); "
                + "fix the id or give the role in a 'role' attribute"
        case let .segmentOutOfRange(documentID, start, end, length):
            return "segment \(start)..<\(end) does not fit document '\(documentID)' "
                + "(\(length) characters); offsets count Unicode scalars, start ≥ 0, end ≥ start, end ≤ length"
        case let .invalidCodingTarget(id):
            let name = id.map { "coding \($0)" } ?? "a coding"
            return "\(name) must name exactly one of code_id, bct_id, principle_id"
        case let .invalidJSONColumn(table, column, rowID):
            return "\(table).\(column) of row '\(rowID)' is not a JSON object of text values"
        case let .invalidCodeLevel(codeID, level):
            return "code '\(codeID)' has level '\(level)'; use theme, category or code"
        }
    }

    private func rowPrefix(_ row: Int?) -> String {
        row.map { "row \($0): " } ?? ""
    }
}
