import LuaBridge

/// The API documentation in the forms the REPL uses: a plain Lua table for the completion
/// helpers, and the list of names `:help` knows.
enum ReplDocs {
    /// `{[group] = {kind = "module"|"class", members = {[name] = {kind =, type =}}}}`, where a
    /// member's type is its first result's type, reduced by ``plainType(_:)``.
    static func luaTable(_ reference: APIReference) -> LuaValue {
        var groups: [LuaValue: LuaValue] = [:]
        for group in reference.modules + reference.classes {
            var members: [LuaValue: LuaValue] = [:]
            for member in group.members {
                var entry: [LuaValue: LuaValue] = ["kind": .string(member.kind.rawValue)]
                if let result = member.results.first { entry["type"] = .string(plainType(result.type)) }
                members[.string(member.name)] = .table(entry)
            }
            groups[.string(group.name)] = .table(["kind": .string(group.kind.rawValue), "members": .table(members)])
        }
        return .table(groups)
    }

    /// The one type completion follows for a documented type: `Query` for `Query?` or
    /// `Query|nil`, the first alternative of `string|string[]`. Arrays keep their `[]`.
    static func plainType(_ type: String) -> String {
        let alternatives = type.split(separator: "|").map { String($0.filter { $0 != "?" && $0 != " " }) }
        return alternatives.first { $0 != "nil" } ?? type
    }

    /// Every name `:help` documents: modules, classes, `module.function`, `Class:method`
    /// and `Class.field`.
    static func names(in reference: APIReference) -> [String] {
        (reference.modules + reference.classes).flatMap { group in
            [group.name] + group.members.map { member in
                let separator = group.kind == .class && member.kind == .method ? ":" : "."
                return group.name + separator + member.name
            }
        }
    }
}
