import Foundation
import StudyModel

/// Why a table cannot be drawn as the chart asked for, or a chart or report cannot be saved.
public enum ChartError: Error, Equatable, Sendable {
    /// The table has no rows or no columns.
    case emptyTable(kind: String)
    /// A matrix or network needs the same labels, in the same order, on rows and columns.
    case notSquare(kind: String, rows: Int, columns: Int)
    /// Stacked bars cannot show a negative value.
    case negativeValue(row: String, column: String, value: String)
    /// The name does not name a chart kind; `known` lists those that exist.
    case unknownKind(String, known: [String])
    /// A report heading level outside 1…3.
    case headingLevel(Int)
    /// Writing a file failed; `reason` is the system's explanation.
    case writeFailed(path: String, reason: String)
}

extension ChartError: DescribedError {
    /// A sentence naming the problem and what to do about it.
    public var description: String {
        switch self {
        case let .emptyTable(kind):
            return FailureWording.problem("cannot draw a \(kind) of an empty table",
                                          remedy: "check the query's filters return some rows and columns")
        case let .notSquare(kind, rows, columns):
            return FailureWording.problem(
                "a \(kind) needs a co-occurrence table with the same labels on rows and columns, "
                    + "but this one has \(rows) rows and \(columns) columns that differ",
                remedy: "use kind \"heatmap\" for other tables")
        case let .negativeValue(row, column, value):
            return FailureWording.problem("stacked bars cannot show the negative value \(value) in row '\(row)', column '\(column)'",
                                          remedy: "use kind \"bar\" instead")
        case let .unknownKind(name, known):
            return FailureWording.problem("unknown chart kind '\(name)'",
                                          remedy: "choose one of " + known.map { "\"\($0)\"" }.joined(separator: ", "))
        case let .headingLevel(level):
            return FailureWording.problem("heading level \(level) is out of range",
                                          remedy: "use 1 for a section, 2 or 3 for subsections")
        case let .writeFailed(path, reason):
            return FailureWording.couldNot("write", "'\(path)'", because: reason)
        }
    }
}
