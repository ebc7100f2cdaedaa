/// The whole Lua API's documentation, and the two files generated from it: the reference
/// manual (`docs/lua-api.md`) and the LuaLS definitions (`Scripts/meta/peerscript.d.lua`).
public struct APIReference: Sendable {
    /// Global tables, in the order scripts usually meet them.
    public let modules: [APIGroupDoc]
    /// Classes of objects the functions return.
    public let classes: [APIGroupDoc]

    /// The reference of the API every session installs.
    public static var current: APIReference { PeerScriptAPI.reference }

    /// Where the generated files live, relative to the repository root.
    public static let markdownPath = "docs/lua-api.md"
    /// See ``markdownPath``.
    public static let definitionsPath = "Scripts/meta/peerscript.d.lua"

    /// The documentation of `name`: a global (`corpus`), a class (`Query`), or a member written
    /// as `corpus.codings`, `Query:where` or `Query.where`.
    public func lookup(_ name: String) -> (group: APIGroupDoc, member: APIDoc?)? {
        let groups = modules + classes
        if let group = groups.first(where: { $0.name == name }) { return (group, nil) }
        guard let separator = name.lastIndex(where: { $0 == "." || $0 == ":" }) else { return nil }
        let owner = String(name[..<separator])
        let memberName = String(name[name.index(after: separator)...])
        guard let group = groups.first(where: { $0.name == owner }),
              let member = group.members.first(where: { $0.name == memberName }) else { return nil }
        return (group, member)
    }

    /// Help text for one member, as the REPL prints it.
    public func help(for member: APIDoc, in group: APIGroupDoc) -> String {
        var lines = [member.signature(owner: group.name)]
        if member.kind == .field, let type = member.results.first?.type { lines[0] += ": " + type }
        lines.append("  " + member.summary)
        for parameter in member.parameters {
            lines.append("  \(parameter.name)\(parameter.optional ? " (optional)" : ""): \(parameter.type) — \(parameter.summary)")
            for option in parameter.options?.options ?? [] {
                let fallback = option.defaultValue.map { " (default \($0))" } ?? ""
                lines.append("    \(option.name): \(option.kind.luaType)\(fallback) — \(option.summary)")
            }
        }
        if member.kind != .field {
            for result in member.results { lines.append("  returns \(result.type) — \(result.summary)") }
        }
        if let example = member.example { lines.append("  example: " + example) }
        lines.append("  since \(member.since)")
        return lines.joined(separator: "\n")
    }

    /// Help text for a module or class: its summary and its members' signatures.
    public func help(for group: APIGroupDoc) -> String {
        var lines = ["\(group.name) (\(group.kind.rawValue)) — \(group.summary)"]
        for member in group.members {
            lines.append("  " + member.signature(owner: group.name) + " — " + member.summary)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Markdown

    /// The reference manual in Markdown.
    public func markdown() -> String {
        var out = """
            # PeerScript Lua API

            This reference is generated from the documentation written beside each function's \
            registration (`swift run peerscript docs`); do not edit it by hand.

            Scripts see these globals, all read-only: \(modules.map { "`\($0.name)`" }.joined(separator: ", ")).
            Functions return objects of the classes listed after them.

            """
        out += "\n## Globals\n"
        for module in modules { out += markdown(module) }
        out += "\n## Classes\n"
        for luaClass in classes { out += markdown(luaClass) }
        return out
    }

    private func markdown(_ group: APIGroupDoc) -> String {
        var out = "\n### `\(group.name)`\n\n\(group.summary)\n"
        for member in group.members {
            out += "\n#### `\(member.signature(owner: group.name))`\n\n\(member.summary)\n"
            if member.kind == .field, let type = member.results.first?.type {
                out += "\nType: `\(type)`.\n"
            }
            if !member.parameters.isEmpty {
                out += "\n| Parameter | Type | Meaning |\n| --- | --- | --- |\n"
                for parameter in member.parameters {
                    let name = parameter.optional ? parameter.name + " (optional)" : parameter.name
                    out += "| `\(name)` | `\(escape(parameter.type))` | \(escape(parameter.summary)) |\n"
                }
                for case let schema? in member.parameters.map(\.options) { out += markdown(schema) }
            }
            if member.kind != .field, !member.results.isEmpty {
                out += "\nReturns " + member.results.map { "`\($0.type)`: \($0.summary)" }.joined(separator: "; ") + ".\n"
            }
            if let example = member.example { out += "\n```lua\n\(example)\n```\n" }
            out += "\n*Since \(member.since).*\n"
        }
        return out
    }

    private func markdown(_ schema: OptionSchema) -> String {
        var out = "\n| Option | Values | Default | Meaning |\n| --- | --- | --- | --- |\n"
        for option in schema.options {
            let fallback = option.defaultValue.map { "`\(escape($0))`" } ?? "—"
            out += "| `\(option.name)` | `\(escape(option.kind.luaType))` | \(fallback) | \(escape(option.summary)) |\n"
        }
        return out
    }

    private func escape(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }

    // MARK: LuaLS definitions

    /// The definitions file for the Lua language server (`---@meta`), so editors complete the API.
    public func luaDefinitions() -> String {
        var out = """
            ---@meta
            -- PeerScript API definitions for the Lua language server (LuaLS).
            -- Generated by `peerscript docs`; do not edit by hand.

            """
        for luaClass in classes {
            out += "\n---\(oneLine(luaClass.summary))\n---@class \(luaClass.name)\n"
            for member in luaClass.members where member.kind == .field {
                out += "---@field \(member.name) \(member.results.first?.type ?? "any") \(oneLine(member.summary))\n"
            }
            out += "local \(luaClass.name) = {}\n"
            for member in luaClass.members where member.kind == .method {
                out += definition(of: member, owner: luaClass.name, separator: ":")
            }
        }
        for module in modules {
            out += "\n---\(oneLine(module.summary))\n"
            let fields = module.members.filter { $0.kind == .field }
            if !fields.isEmpty {
                out += "---@class \(module.name)lib\n"
                for field in fields {
                    out += "---@field \(field.name) \(field.results.first?.type ?? "any") \(oneLine(field.summary))\n"
                }
                out += "\(module.name) = {}\n"
            } else if classes.contains(where: { $0.name == module.name }) {
                // A global named like a class (`Table`): the class's table is the global too,
                // since its `local` declaration above would capture a plain assignment.
                out += "_G.\(module.name) = \(module.name)\n"
            } else {
                out += "\(module.name) = {}\n"
            }
            for member in module.members where member.kind != .field {
                out += definition(of: member, owner: module.name, separator: ".")
            }
        }
        return out
    }

    private func definition(of member: APIDoc, owner: String, separator: String) -> String {
        var out = "\n---\(oneLine(member.summary))\n"
        for parameter in member.parameters {
            out += "---@param \(parameter.name)\(parameter.optional ? "?" : "") \(parameter.type) \(oneLine(parameter.summary))\n"
        }
        for result in member.results {
            out += "---@return \(result.type) # \(oneLine(result.summary))\n"
        }
        let names = member.parameters.map(\.name).joined(separator: ", ")
        out += "function \(owner)\(separator)\(member.name)(\(names)) end\n"
        return out
    }

    private func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
