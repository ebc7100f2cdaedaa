import Foundation

/// A tree of codes sharing one codebook id.
public struct Codebook: Hashable, Sendable, Codable {
    /// Codebook identifier, stored in `codes.codebook` (e.g. `change-model`).
    public var id: String
    /// Human-readable name.
    public var name: String
    /// The codes, parents before children, siblings in sort order.
    public var codes: [Code]

    /// Makes a codebook; each code's `codebook` is set to `id`.
    public init(id: String, name: String, codes: [Code]) {
        self.id = id
        self.name = name
        self.codes = codes.map { code in
            var code = code
            code.codebook = id
            return code
        }
    }

    /// Top-level codes.
    public var roots: [Code] { children(of: nil) }

    /// The direct children of `parentID` (top-level codes for nil), in sort order.
    public func children(of parentID: String?) -> [Code] {
        codes.filter { $0.parentID == parentID }.sorted { ($0.sortOrder, $0.id) < ($1.sortOrder, $1.id) }
    }

    /// The code with this id, if the codebook has it.
    public func find(_ id: String) -> Code? {
        codes.first { $0.id == id }
    }

    /// The codebooks that ship with PeerScript: the peer-support change model, the
    /// organisational challenges themes and the peer worker values.
    public static var builtIn: [Codebook] { BuiltInFrameworks.shared.codebooks }

    /// The built-in codebook with this id.
    public static func builtIn(_ id: String) -> Codebook? {
        builtIn.first { $0.id == id }
    }

    /// Codes reordered so that every parent comes before its children.
    package static func treeOrder(_ codes: [Code]) -> [Code] {
        var byParent: [String?: [Code]] = [:]
        for code in codes { byParent[code.parentID, default: []].append(code) }
        let known = Set(codes.map(\.id))
        var ordered: [Code] = []
        func visit(_ parent: String?) {
            let children = (byParent[parent] ?? []).sorted { ($0.sortOrder, $0.id) < ($1.sortOrder, $1.id) }
            for child in children {
                ordered.append(child)
                visit(child.id)
            }
        }
        visit(nil)
        // Codes whose parent lies in another codebook still belong here; keep them at the end.
        let orphans = codes.filter { code in code.parentID.map { !known.contains($0) } ?? false }
        for orphan in orphans.sorted(by: { $0.id < $1.id }) {
            ordered.append(orphan)
            visit(orphan.id)
        }
        return ordered
    }
}
