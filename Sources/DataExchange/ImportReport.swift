import Foundation

/// References in an imported file that point at nothing, grouped by what refers to what.
/// They are reported, not fatal: the rest of the file is imported.
public struct DanglingReferences: Sendable, Equatable {
    /// What refers to what, e.g. "coding → code".
    public var kind: String
    /// The GUIDs or ids of the referring items.
    public var ids: [String]

    /// Creates a group.
    public init(kind: String, ids: [String]) {
        self.kind = kind
        self.ids = ids
    }
}

/// What an import did: how many rows it added, what it found already present, which offset
/// convention it used and why, and what it could not use.
public struct ImportReport: Sendable, Equatable {
    /// The file imported.
    public var file: String
    /// Rows added, by kind ("documents", "codings", …).
    public var added: [String: Int] = [:]
    /// Items that were already in the project and so were not added again, by kind.
    public var alreadyPresent: [String: Int] = [:]
    /// Items of the project whose values the import changed, by kind.
    public var updated: [String: Int] = [:]
    /// The offset convention used, for REFI-QDA imports.
    public var offsetConvention: OffsetConvention?
    /// Why that convention was used.
    public var offsetReason: String?
    /// How each convention fitted the selections.
    public var offsetEvidence: [String] = []
    /// References that point at nothing.
    public var dangling: [DanglingReferences] = []
    /// Things worth knowing that did not stop the import.
    public var warnings: [String] = []
    /// Elements of the file that PeerScript does not keep, by element name.
    public var notKept: [String: Int] = [:]

    /// Creates an empty report for `file`.
    public init(file: String) { self.file = file }

    /// Adds `count` to the rows added of `kind`.
    mutating func add(_ kind: String, _ count: Int = 1) { added[kind, default: 0] += count }

    /// Adds `count` to the items of `kind` whose values changed.
    mutating func update(_ kind: String, _ count: Int = 1) { updated[kind, default: 0] += count }

    /// Adds `count` to the items of `kind` found already present.
    mutating func present(_ kind: String, _ count: Int = 1) { alreadyPresent[kind, default: 0] += count }

    /// Records a dangling reference of `kind` from the item `id`.
    mutating func dangling(_ kind: String, _ id: String) {
        if let index = dangling.firstIndex(where: { $0.kind == kind }) {
            dangling[index].ids.append(id)
        } else {
            dangling.append(DanglingReferences(kind: kind, ids: [id]))
        }
    }

    /// The report as lines of text for the terminal.
    public var lines: [String] {
        var lines = ["Imported \(file)"]
        if let offsetConvention, let offsetReason {
            lines.append("  offsets: \(offsetConvention) — \(offsetReason)")
            lines += offsetEvidence.map { "    \($0)" }
        }
        lines.append("  added: " + Self.counts(added))
        if !updated.isEmpty { lines.append("  updated: " + Self.counts(updated)) }
        if !alreadyPresent.isEmpty { lines.append("  already in the project: " + Self.counts(alreadyPresent)) }
        for group in dangling {
            let shown = group.ids.prefix(10).joined(separator: ", ")
            let more = group.ids.count > 10 ? ", … (\(group.ids.count - 10) more)" : ""
            lines.append("  dangling \(group.kind): \(group.ids.count) (\(shown)\(more))")
        }
        if !notKept.isEmpty { lines.append("  not kept (no place for them in a project): " + Self.counts(notKept)) }
        lines += warnings.map { "  warning: \($0)" }
        return lines
    }

    private static func counts(_ values: [String: Int]) -> String {
        if values.isEmpty { return "nothing" }
        return values.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    }
}

/// How far a long import has got; passed to the progress callback of an import.
public struct ImportProgress: Sendable, Equatable {
    /// What is being imported ("codings", "rows", "documents").
    public var phase: String
    /// Items done so far.
    public var done: Int
    /// Items in all.
    public var total: Int
}

/// Called from inside an import, on the importing thread, as work proceeds.
public typealias ImportProgressHandler = @Sendable (ImportProgress) -> Void
