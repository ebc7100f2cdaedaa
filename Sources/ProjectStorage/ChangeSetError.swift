import Foundation
import StudyModel

/// Why a change could not be recorded or undone.
public enum ChangeSetError: Error, Equatable, Sendable {
    /// Another connection holds the project's write lock.
    case busy(path: String)
    /// The project was opened read-only.
    case readOnly(path: String)
    /// No change set has this number.
    case unknownChangeSet(Int64)
    /// The change set was undone already.
    case alreadyUndone(Int64)
    /// There is no change set left to undo.
    case nothingToUndo
    /// Later change sets changed rows this one changed; they must be undone first.
    case dependents(Int64, later: [Int64])
    /// Undoing would remove or change rows that later change sets (or writes made outside
    /// PeerScript) rely on, such as a code their codings use.
    case referenced(Int64, table: String, later: [Int64])
    /// A recorded row image cannot be restored (the file was edited by hand or is damaged).
    case damagedRecord(Int64, reason: String)
}

extension ChangeSetError: DescribedError {
    /// A sentence saying what is wrong and what to do.
    public var description: String {
        switch self {
        case let .busy(path):
            return "the project \(path) is being changed by another process; try again when it has finished"
        case let .readOnly(path):
            return "the project \(path) is open read-only, so it cannot be changed"
        case let .unknownChangeSet(id):
            return "there is no change set \(id); list them with the project's history"
        case let .alreadyUndone(id):
            return "change set \(id) has been undone already"
        case .nothingToUndo:
            return "there is no change set to undo"
        case let .dependents(id, later):
            return "change set \(id) cannot be undone on its own: \(self.later(later)) changed the same rows; "
                + "undo those first, or undo them all together"
        case let .referenced(id, table, later):
            let who = later.isEmpty ? "rows written outside a change set" : self.later(later)
            return "change set \(id) cannot be undone: \(who) rely on rows of \(table) it would remove or change; "
                + "undo those first"
        case let .damagedRecord(id, reason):
            return "change set \(id) cannot be undone because its record is damaged: \(reason)"
        }
    }

    private func later(_ ids: [Int64]) -> String {
        (ids.count == 1 ? "later change set " : "later change sets ") + ids.map(String.init).joined(separator: ", ")
    }
}
