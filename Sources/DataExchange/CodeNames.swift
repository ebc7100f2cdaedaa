import Foundation

/// Choices for a REFI-QDA export.
public struct QDAExportOptions: Sendable, Equatable {
    /// Rename codes that share a name so that every code name in the export is unique (see
    /// ``CodeNames/makeUnique(_:)``). PeerScript's own import restores the original names.
    public var uniqueCodeNames: Bool

    /// Creates options; by default names are written as the project has them.
    public init(uniqueCodeNames: Bool = false) {
        self.uniqueCodeNames = uniqueCodeNames
    }
}

/// Code names in an export. Several programs need them unique: QualCoder keeps code and category
/// names in tables with unique names and drops the codings of a second code of the same name.
public enum CodeNames {
    /// One warning per name that more than one code of `codes` (a tree) carries, naming where
    /// the codes sit.
    public static func duplicateWarnings(_ codes: [QDACode]) -> [String] {
        var places: [String: [String]] = [:]
        var order: [String] = []
        walk(codes, path: []) { code, path in
            if places[code.name] == nil { order.append(code.name) }
            places[code.name, default: []].append(path.isEmpty ? "top level" : path.joined(separator: " / "))
        }
        return order.compactMap { name in
            guard let spots = places[name], spots.count > 1 else { return nil }
            let shown = spots.prefix(5).joined(separator: "; ") + (spots.count > 5 ? "; …" : "")
            return "\(spots.count) codes are named \"\(name.excerpt)\" (under: \(shown)); programs that need "
                + "unique code names, such as QualCoder, may keep only one of them and drop the others' codings"
        }
    }

    /// Renames codes that share a name: each gets its parents' names in brackets, as in
    /// "Barriers (Engagement / Practical)", and a number when that is still not unique.
    /// Returns the original name of every renamed code by GUID.
    @discardableResult
    public static func makeUnique(_ codes: inout [QDACode]) -> [String: String] {
        var counts: [String: Int] = [:]
        walk(codes, path: []) { code, _ in counts[code.name, default: 0] += 1 }
        var renamed: [String: String] = [:]
        func withPaths(_ list: inout [QDACode], path: [String]) {
            for index in list.indices {
                let original = list[index].name
                if counts[original, default: 0] > 1 {
                    list[index].name = path.isEmpty ? "\(original) (top level)" : "\(original) (\(path.joined(separator: " / ")))"
                    renamed[list[index].guid] = original
                }
                withPaths(&list[index].children, path: path + [original])
            }
        }
        withPaths(&codes, path: [])
        var taken: Set<String> = []
        walk(codes, path: []) { code, _ in taken.insert(code.name) }
        var seen: Set<String> = []
        func numbered(_ list: inout [QDACode]) {
            for index in list.indices {
                let name = list[index].name
                if !seen.insert(name).inserted {
                    var number = 2
                    while taken.contains("\(name) \(number)") { number += 1 }
                    list[index].name = "\(name) \(number)"
                    taken.insert(list[index].name)
                    seen.insert(list[index].name)
                    if renamed[list[index].guid] == nil { renamed[list[index].guid] = name }
                }
                numbered(&list[index].children)
            }
        }
        numbered(&codes)
        return renamed
    }

    /// Visits every code of the tree, parents first, with the names of its ancestors.
    private static func walk(_ codes: [QDACode], path: [String], _ visit: (QDACode, [String]) -> Void) {
        for code in codes {
            visit(code, path)
            walk(code.children, path: path + [code.name], visit)
        }
    }
}
