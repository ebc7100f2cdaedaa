import Foundation

/// A problem with the input to an agreement computation: a name that is not in the data, a table
/// of the wrong shape, or a character range that does not fit its document.
///
/// Statistical dead ends (one coder, no variation, nothing pairable) are not errors: they come back
/// as an ``AgreementResult`` whose value is `nil` and whose ``AgreementResult/reason`` says why.
public enum AgreementError: Error, Equatable, Sendable {
    /// A coder name was asked for that never appears in the data.
    case unknownCoder(String, known: [String])
    /// A label was asked for that never appears in the data.
    case unknownLabel(String)
    /// A coder was named twice: as both sides of a pair, or twice in a list of coders.
    case sameCoderTwice(String)
    /// A label was named twice in a list of labels.
    case duplicateLabel(String)
    /// A row of a units × coders table has a different number of cells than there are coders.
    /// `row` is 1-based.
    case rowWidthMismatch(row: Int, expected: Int, found: Int)
    /// A flat code array does not hold exactly one cell per unit and coder.
    case cellCountMismatch(expected: Int, found: Int)
    /// A flat code array holds a code that is neither -1 (missing) nor a valid label index.
    /// `cell` is 0-based.
    case codeOutOfRange(cell: Int, code: Int32, labelCount: Int)
    /// A document was given a negative length.
    case negativeDocumentLength(document: String, length: Int)
    /// A coded character range starts before 0 or ends after the document.
    case rangeOutsideDocument(document: String, coder: String, code: String,
                              lower: Int, upper: Int, length: Int)
    /// A character comparison named the same coder on both sides.
    case overlappingGroups(coder: String)
    /// A character comparison was given an empty group of coders.
    case emptyGroup
    /// A minimum overlap for aligning spans was zero, negative, or a share above 1.
    case invalidMinimumOverlap(String)
    /// The benchmark was asked for fewer than one unit or fewer than two coders.
    case invalidBenchmarkSize(units: Int, coders: Int)
    /// The generated benchmark ratings left alpha undefined (possible only for tiny sizes).
    case undefinedBenchmarkResult(UndefinedReason)
}

extension AgreementError: LocalizedError, CustomStringConvertible {
    /// A sentence naming the offending value and what to do about it.
    public var description: String {
        switch self {
        case let .unknownCoder(name, known):
            return "coder '\(name)' does not appear in the ratings; known coders: "
                + known.map { "'\($0)'" }.joined(separator: ", ")
        case let .unknownLabel(label):
            return "label '\(label)' does not appear in the ratings; check its spelling or "
                + "declare it with AgreementDataBuilder.declare(label:) before building"
        case let .sameCoderTwice(name):
            return "coder '\(name)' was named twice; name each coder once "
                + "(a pair needs two different coders)"
        case let .duplicateLabel(label):
            return "label '\(label)' was named twice; give each label once"
        case let .rowWidthMismatch(row, expected, found):
            return "row \(row) has \(found) ratings but there are \(expected) coders; "
                + "give one entry per coder and use nil for a missing rating"
        case let .cellCountMismatch(expected, found):
            return "expected \(expected) codes (units × coders, unit-major) but got \(found)"
        case let .codeOutOfRange(cell, code, labelCount):
            return "cell \(cell) holds code \(code); use -1 for a missing rating or a label "
                + "index from 0 to \(labelCount - 1)"
        case let .negativeDocumentLength(document, length):
            return "document '\(document)' has length \(length); a length must be 0 or more"
        case let .rangeOutsideDocument(document, coder, code, lower, upper, length):
            return "range \(lower)..<\(upper) coded by '\(coder)' at '\(code)' does not fit "
                + "document '\(document)' of \(length) characters; ranges must lie within 0..<\(length)"
        case let .overlappingGroups(coder):
            return "coder '\(coder)' is in both groups; each coder may be on one side only"
        case .emptyGroup:
            return "a coder group is empty; name at least one coder on each side"
        case let .invalidMinimumOverlap(amount):
            return "a minimum overlap of \(amount) cannot be met; give a whole number of characters "
                + "(1 or more) or a share of the shorter span above 0 and at most 1"
        case let .invalidBenchmarkSize(units, coders):
            return "benchmark needs at least 1 unit and 2 coders, got \(units) units and \(coders) coders"
        case let .undefinedBenchmarkResult(reason):
            return "the generated ratings leave alpha undefined (\(reason)); use more units or another seed"
        }
    }

    /// Same as ``description``, for `localizedDescription`.
    public var errorDescription: String? { description }
}
