import Foundation
import LuaBridge
import ProjectStorage

/// The writes of one session: the change set its run records, opened with the project (so
/// the run reads and writes one consistent state), and the coder its codings belong to.
final class ProjectWriter {
    private unowned let context: APIContext
    private var recorder: ChangeRecorder?
    /// The running script and its bytes, for the change set's provenance.
    var script: (path: String, bytes: [UInt8])?
    /// The coder a script chose with `project.coder`, if any.
    var chosenCoder: String?

    init(context: APIContext) { self.context = context }

    /// The coder of the codings this run writes: the one the script chose, else the script's
    /// file name without its extension.
    var coderName: String {
        chosenCoder ?? script.map { URL(fileURLWithPath: $0.path).deletingPathExtension().lastPathComponent } ?? "script"
    }

    /// Starts the run's change set on the project just opened, when writes are allowed.
    func begin(on store: ProjectStore) throws {
        guard context.options.changes.allowsWrites, recorder == nil else { return }
        let provenance = ChangeProvenance.current(kind: "script", path: script?.path, bytes: script?.bytes)
        recorder = try ChangeRecorder.begin(on: store, provenance: provenance)
    }

    /// Refuses when the run may not write, naming `function` and how to allow it.
    func checkAllowed(_ function: String) throws {
        guard context.options.changes.allowsWrites else {
            throw LuaScriptError("\(function) changes the project, and this run may only read it: \(context.options.writeAdvice)")
        }
    }

    /// Runs `body` as one step of the run's change set (a savepoint: a step that fails leaves
    /// the earlier ones), then makes later queries see the new state.
    func change<T>(_ function: String, _ body: (ProjectDatabase) throws -> T) throws -> T {
        try checkAllowed(function)
        let store = try context.projectStore()
        guard let recorder, !recorder.isFinished else {
            throw LuaScriptError("\(function): the run's changes have been finished already")
        }
        defer { context.projectChanged() }
        return try store.write(body)
    }

    /// What the run has changed so far, or nil before its first write.
    func summary(sample: Int = 3) throws -> ChangeSummary? {
        guard let recorder, !recorder.isFinished else { return nil }
        return try recorder.summary(sample: sample)
    }

    /// Commits or rolls back the run's change set (see ``ScriptSession/finishChanges(succeeded:)``).
    func finish(succeeded: Bool) throws -> ChangeOutcome? {
        guard let recorder, !recorder.isFinished else { return nil }
        guard succeeded else {
            recorder.rollBack()
            return nil
        }
        if context.options.changes == .kept {
            let outcome = try recorder.commit().map { ChangeOutcome(summary: $0, kept: true) }
            if outcome != nil { try context.projectStore().refreshColumnCache() }
            return outcome
        }
        let summary = try recorder.summary()
        recorder.rollBack()
        return summary.tables.isEmpty ? nil : ChangeOutcome(summary: summary, kept: false)
    }
}
