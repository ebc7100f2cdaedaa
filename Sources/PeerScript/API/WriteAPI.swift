import LuaBridge
import ProjectStorage
import StudyModel

/// `project`: the functions that change the project. Each works only when the run may write
/// (otherwise it fails saying how to allow it); all of a run's changes form one change set.
enum WriteAPI {
    static func projectModule(_ context: APIContext) -> APIModule {
        let module = APIModule("project", """
            Changes to the project: codebook, mappings, codings, attributes, memos, fidelity and \
            taxonomy extensions. A run may change the project only with `--write` (or \
            `--dry-run`, which shows the changes and keeps none); all its changes are one change \
            set, kept only if the script succeeds, listed by `peerscript history` and reverted by \
            `peerscript undo`. Queries made after a change see it.
            """)
        module.field(.field("writable", "boolean", "True when this run may change the project.", since: "0.2.0")) {
            $0.push(context.options.changes.allowsWrites)
        }
        addCodebook(to: module, context)
        addMappings(to: module, context)
        addCoding(to: module, context)
        addRecords(to: module, context)
        return module
    }

    /// A required string option, or an error naming it.
    static func required(_ options: OptionValues, _ name: String, _ call: LuaCall, _ index: Int32) throws -> String {
        guard let value = options.string(name) else {
            throw call.argumentError(index, "option '\(name)' is required")
        }
        return value
    }

    private static func addCodebook(to module: APIModule, _ context: APIContext) {
        module.function(APIDoc("add_code", """
            Adds a code to the project's codebook, last among its siblings. Its level is the one \
            below its parent's unless given (a code without a parent is a theme).
            """, parameters: [.init(options: addCodeOptions, "the new code")],
                               returns: [.init("string", "the new code's id")],
                               example: ##"project.add_code{ id = "ind", label = "Inductive codes" }; project.add_code{ id = "ind.trust", label = "Building trust", parent = "ind", colour = "#1F77B4" }"##,
                               since: "0.2.0")) { call in
            let options = try addCodeOptions.read(call, 1)
            let code = ProjectEdits.NewCode(
                id: try required(options, "id", call, 1), label: try required(options, "label", call, 1),
                parentID: options.string("parent"), level: options.string("level"), codebook: options.string("codebook"),
                description: options.string("description"), colour: options.string("colour"))
            try context.writer.change("project.add_code") { try ProjectEdits.addCode($0, code) }
            call.stack.push(code.id)
            return 1
        }
        module.function(APIDoc("rename_code", "Gives a code a new label (its id stays).",
                               parameters: [.init("id", "string", "the code's id"), .init("label", "string", "the new label")],
                               example: #"project.rename_code("ind.trust", "Trust and safety")"#, since: "0.2.0")) { call in
            let id = try call.string(1), label = try call.string(2)
            try context.writer.change("project.rename_code") { try ProjectEdits.renameCode($0, id, label: label) }
            return 0
        }
        module.function(APIDoc("move_code", "Moves a code (with the codes under it) under another code, or to the top with nil.",
                               parameters: [.init("id", "string", "the code's id"), .init("parent", "string?", "the new parent's id; nil for the top")],
                               example: #"project.move_code("ind.trust", "ind")"#, since: "0.2.0")) { call in
            let id = try call.string(1), parent = try call.optionalString(2)
            try context.writer.change("project.move_code") { try ProjectEdits.moveCode($0, id, under: parent) }
            return 0
        }
        module.function(APIDoc("merge_codes", """
            Merges one code into another: its codings, child codes, mappings, memos and set \
            memberships move to the second code, then the first is deleted.
            """, parameters: [.init("from", "string", "the code that goes"), .init("into", "string", "the code that stays")],
                               returns: [.init("integer", "how many codings moved")],
                               example: #"project.add_code{ id = "ind.trust2", label = "Trust (2)", parent = "ind" }; print(project.merge_codes("ind.trust2", "ind.trust"))"#, since: "0.2.0")) { call in
            let from = try call.string(1), into = try call.string(2)
            call.stack.push(try context.writer.change("project.merge_codes") { try ProjectEdits.mergeCodes($0, from, into: into) })
            return 1
        }
        module.function(APIDoc("delete_code", "Deletes a code no coding uses and with no codes under it, with its mappings.",
                               parameters: [.init("id", "string", "the code's id")],
                               example: #"project.add_code{ id = "ind.unused", label = "Unused" }; project.delete_code("ind.unused")"#, since: "0.2.0")) { call in
            let id = try call.string(1)
            try context.writer.change("project.delete_code") { try ProjectEdits.deleteCode($0, id) }
            return 0
        }
    }

    private static func addMappings(to module: APIModule, _ context: APIContext) {
        module.function(APIDoc("map_code", """
            Maps a code to a technique (`bct`) or a principle, with the reason; mapping it again \
            replaces the rationale.
            """, parameters: [.init(options: mapOptions, "the code, and one of bct or principle")],
                               example: #"project.map_code{ code = "ind.trust", bct = "17.5", rationale = "a safe, trusting relationship" }"#,
                               since: "0.2.0")) { call in
            let options = try mapOptions.read(call, 1)
            let code = try required(options, "code", call, 1)
            let target = try mappingTarget(options, call, context)
            try context.writer.change("project.map_code") {
                try ProjectEdits.mapCode($0, code, to: target, rationale: options.string("rationale"))
            }
            return 0
        }
        module.function(APIDoc("unmap_code", "Removes a code's mapping to a technique or principle.",
                               parameters: [.init(options: unmapOptions, "the code, and one of bct or principle")],
                               returns: [.init("boolean", "whether there was such a mapping")],
                               example: #"print(project.unmap_code{ code = "ind.trust", bct = "17.5" })"#, since: "0.2.0")) { call in
            let options = try unmapOptions.read(call, 1)
            let code = try required(options, "code", call, 1)
            let target = try mappingTarget(options, call, context)
            call.stack.push(try context.writer.change("project.unmap_code") { try ProjectEdits.unmapCode($0, code, from: target) })
            return 1
        }
    }

    /// `bct` or `principle` of a mapping's options, checked against the frameworks.
    private static func mappingTarget(_ options: OptionValues, _ call: LuaCall, _ context: APIContext) throws -> ProjectEdits.MappingTarget {
        switch (options.string("bct"), options.string("principle")) {
        case let (bct?, nil): return .technique(try context.technique(bct).id)
        case let (nil, id?): return .principle(try WriteAPI.principle(id, context))
        default: throw call.argumentError(1, "give exactly one of 'bct' and 'principle'")
        }
    }

    /// A principle id, or an error listing them.
    static func principle(_ id: String, _ context: APIContext) throws -> String {
        guard context.principles.principle(id) != nil else {
            throw LuaScriptError("unknown principle '\(id)'" + hint(id, context.principles.principles.map(\.id)))
        }
        return id
    }

    static let addCodeOptions = OptionSchema([
        .init("id", .string, "the new code's id (required)"),
        .init("label", .string, "its label (required)"),
        .init("parent", .string, "the code it sits under", default: "none: a theme at the top"),
        .init("level", .choice(["theme", "category", "code"]), "its level", default: "the one below the parent's"),
        .init("codebook", .string, "the codebook it belongs to", default: "the parent's, or \"project\""),
        .init("description", .string, "what it means"),
        .init("colour", .string, "its display colour, \"#RRGGBB\""),
    ])

    static let mapOptions = OptionSchema([
        .init("code", .string, "the code's id (required)"),
        .init("bct", .string, "the technique it maps to"),
        .init("principle", .string, "the principle it maps to"),
        .init("rationale", .string, "why"),
    ])

    static let unmapOptions = OptionSchema([
        .init("code", .string, "the code's id (required)"),
        .init("bct", .string, "the technique to unmap"),
        .init("principle", .string, "the principle to unmap"),
    ])
}
