import Foundation
import ProjectStorage

/// Whether a session's scripts may change the project, and whether the changes are kept.
public enum ScriptChanges: Sendable, Hashable {
    /// Every write function fails (the default).
    case refused
    /// Writes are made in one transaction and kept, as one change set, if the run succeeds.
    case kept
    /// Writes are made and summarised, then rolled back.
    case preview

    /// Whether write functions work.
    public var allowsWrites: Bool { self != .refused }
}

/// What became of a run's writes.
public struct ChangeOutcome: Sendable {
    /// What the run changed (or would have changed, for a preview).
    public let summary: ChangeSummary
    /// Whether the changes were committed.
    public let kept: Bool
}

extension ScriptSession {
    /// Ends the run's change set: committed when the run `succeeded` with changes kept,
    /// rolled back otherwise. Returns what changed, or nil when the run wrote nothing (or
    /// failed, and nothing is kept).
    public func finishChanges(succeeded: Bool) throws -> ChangeOutcome? {
        try context.writer.finish(succeeded: succeeded)
    }
}
