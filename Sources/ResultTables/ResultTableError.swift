import Foundation
import StudyModel

/// Wrong use of a `ResultTable`: a label that is not there, a bad argument, a file that cannot
/// be written.
public enum ResultTableError: Error, Equatable, Sendable {
    /// The parts given to build a table do not fit together.
    case shapeMismatch(String)
    /// No row has this label; `available` lists the row labels.
    case unknownRow(String, available: [String])
    /// No column has this label; `available` lists the column labels.
    case unknownColumn(String, available: [String])
    /// An argument is out of range; the text says which and why.
    case invalidArgument(String)
    /// The file name does not end in an extension that names a table format.
    case unknownFormat(fileName: String)
    /// Writing the file failed; `reason` is the system's explanation.
    case writeFailed(path: String, reason: String)
}

extension ResultTableError: DescribedError {
    /// A sentence naming the problem and what to do instead.
    public var description: String {
        switch self {
        case let .shapeMismatch(detail):
            return "table parts do not fit: \(detail)"
        case let .unknownRow(label, available):
            return "no row is labelled '\(label)'; rows are: \(Self.list(available + [ResultTable.totalLabel]))"
        case let .unknownColumn(label, available):
            return "no column is labelled '\(label)'; columns are: \(Self.list(available + [ResultTable.totalLabel]))"
        case let .invalidArgument(detail):
            return detail
        case let .unknownFormat(fileName):
            let known = ResultTable.Format.allCases.flatMap(\.fileExtensions).map { "." + $0 }
            return "cannot tell the table format of '\(fileName)'; end the name with one of \(known.joined(separator: ", "))"
        case let .writeFailed(path, reason):
            return FailureWording.couldNot("write", "'\(path)'", because: reason)
        }
    }

    /// Up to twenty quoted labels, then a count of the rest.
    private static func list(_ labels: [String]) -> String {
        let shown = labels.prefix(20).map { "'\($0)'" }.joined(separator: ", ")
        return labels.count > 20 ? "\(shown) and \(labels.count - 20) more" : shown
    }
}
