import Foundation
import LuaBridge
import ProjectStorage
import StudyModel

extension WriteAPI {
    static func addRecords(to module: APIModule, _ context: APIContext) {
        module.function(APIDoc("set_attribute", "Sets an attribute of a participant or case (nil removes it); attributes are fields of queries.",
                               parameters: [.init(options: attributeOptions, "whose attribute, its name and value")],
                               example: #"project.set_attribute{ participant = corpus.values("participant.id")[1], name = "cohort", value = "2024" }"#,
                               since: "0.2.0")) { call in
            let options = try attributeOptions.read(call, 1)
            let name = try required(options, "name", call, 1), value = options.string("value")
            switch (options.string("participant"), options.string("case")) {
            case let (participant?, nil):
                try context.writer.change("project.set_attribute") {
                    try ProjectEdits.setAttribute($0, participant: participant, name: name, value: value)
                }
            case let (nil, studyCase?):
                try context.writer.change("project.set_attribute") {
                    try ProjectEdits.setAttribute($0, case: studyCase, name: name, value: value)
                }
            default: throw call.argumentError(1, "give exactly one of 'participant' and 'case'")
            }
            return 0
        }
        module.function(APIDoc("add_memo", """
            Adds a memo on the project, a document, a code, a case, a segment or a coding. Memos \
            are REFI-QDA notes: exports carry them.
            """, parameters: [.init(options: memoOptions, "where the memo goes and what it says")],
                               returns: [.init("integer", "the memo's number")],
                               example: #"project.add_memo{ on = "code", id = "ind.trust", text = "Split from ind.safety after round 2." }"#,
                               since: "0.2.0")) { call in
            let options = try memoOptions.read(call, 1)
            let target = ProjectEdits.MemoTarget(rawValue: try required(options, "on", call, 1)) ?? .project
            let text = try required(options, "text", call, 1)
            let author = options.string("author") ?? context.writer.coderName
            let targetID = options["id"].flatMap { $0.stringValue ?? $0.intValue.map(String.init) }
            let id = try context.writer.change("project.add_memo") {
                try ProjectEdits.addMemo($0, on: target, id: targetID, text: text, name: options.string("name"), author: author)
            }
            call.stack.push(Int(id))
            return 1
        }
        addFidelity(to: module, context)
        module.function(APIDoc("extend_taxonomy", """
            Stores a taxonomy extension in the project (a table or a JSON file, as \
            `taxonomy.extend` takes), so every later run has its techniques. Techniques the \
            project has already, identically, are skipped.
            """, parameters: [.init("extension", "table|string", "the extension, or the path of its JSON file")],
                               returns: [.init("integer", "how many techniques were added")],
                               example: #"print(project.extend_taxonomy{ framework = "team", groups = {{ id = "18", label = "Team practices", techniques = {{ id = "18.1", label = "Shared reflection" }} }} })"#, since: "0.2.0")) { call in
            try context.writer.checkAllowed("project.extend_taxonomy")
            let addition = try context.taxonomyExtension(from: call)
            let added = try context.writer.change("project.extend_taxonomy") { try addition.merge(into: $0) }
            // The demo corpus's session reads no stored extensions: give it this one directly.
            try context.merge(addition)
            call.stack.push(added.reduce(0) { $0 + $1.techniques.count })
            return 1
        }
        module.function(APIDoc("changes", """
            What this run has changed so far, per table: rows added, changed and removed. Empty \
            before the first change.
            """, returns: [.init("table<string, {added: integer, changed: integer, removed: integer}>", "the counts, keyed by table name")],
                               example: #"for t, n in pairs(project.changes()) do print(t, n.added) end"#, since: "0.2.0")) { call in
            var entries: [LuaValue: LuaValue] = [:]
            for table in try context.writer.summary(sample: 0)?.tables ?? [] {
                entries[.string(table.table)] = .table([
                    "added": .integer(table.inserted), "changed": .integer(table.updated), "removed": .integer(table.deleted),
                ])
            }
            try call.stack.push(LuaValue.table(entries))
            return 1
        }
    }

    private static func addFidelity(to module: APIModule, _ context: APIContext) {
        module.function(APIDoc("add_fidelity_item", "Adds a fidelity item: a statement rated on a scale, belonging to a principle.",
                               parameters: [.init(options: itemOptions, "the item")],
                               example: #"project.add_fidelity_item{ id = "P1.team", principle = "P1", text = "Peers share lived experience", min = 1, max = 5 }"#,
                               since: "0.2.0")) { call in
            let options = try itemOptions.read(call, 1)
            let item = FidelityItem(id: try required(options, "id", call, 1), principleID: try required(options, "principle", call, 1),
                                    text: try required(options, "text", call, 1),
                                    scaleMin: try number(options, "min", call), scaleMax: try number(options, "max", call))
            try context.writer.change("project.add_fidelity_item") {
                try ProjectEdits.addFidelityItem($0, item, principles: context.principles)
            }
            return 0
        }
        module.function(APIDoc("rate", "Records a rating of a fidelity item for a case or a participant.",
                               parameters: [.init(options: ratingOptions, "the item, whom it rates, the value and the rater")],
                               example: #"project.rate{ item = "P1.team", case = corpus.values("case.id")[1], value = 4, rater = "Site visit 2" }"#,
                               since: "0.2.0")) { call in
            let options = try ratingOptions.read(call, 1)
            let target: FidelityTarget
            switch (options.string("case"), options.string("participant")) {
            case let (studyCase?, nil): target = .studyCase(studyCase)
            case let (nil, participant?): target = .participant(participant)
            default: throw call.argumentError(1, "give exactly one of 'case' and 'participant'")
            }
            let rating = FidelityRating(itemID: try required(options, "item", call, 1), target: target,
                                        rater: options.string("rater"), value: try number(options, "value", call))
            try context.writer.change("project.rate") { try ProjectEdits.addRating($0, rating) }
            return 0
        }
    }

    private static func number(_ options: OptionValues, _ name: String, _ call: LuaCall) throws -> Double {
        guard let value = options[name]?.doubleValue, value.isFinite else {
            throw call.argumentError(1, "option '\(name)' must be a finite number")
        }
        return value
    }

    static let attributeOptions = OptionSchema([
        .init("participant", .string, "the participant's id"),
        .init("case", .string, "the case's id"),
        .init("name", .string, "the attribute's name (required)"),
        .init("value", .string, "its value; nil removes it"),
    ])

    static let memoOptions = OptionSchema([
        .init("on", .choice(ProjectEdits.MemoTarget.allCases.map(\.rawValue)), "what the memo is about (required)"),
        .init("id", .custom(luaType: "string|integer"), "its id (a segment's or coding's number); not for the project"),
        .init("text", .string, "the memo (required)"),
        .init("name", .string, "a title"),
        .init("author", .string, "who wrote it", default: "the run's coder"),
    ])

    static let itemOptions = OptionSchema([
        .init("id", .string, "the item's id (required)"),
        .init("principle", .string, "the principle it belongs to (required)"),
        .init("text", .string, "the statement rated (required)"),
        .init("min", .custom(luaType: "number"), "the scale's lowest value (required)"),
        .init("max", .custom(luaType: "number"), "the scale's highest value (required)"),
    ])

    static let ratingOptions = OptionSchema([
        .init("item", .string, "the fidelity item's id (required)"),
        .init("case", .string, "the case rated"),
        .init("participant", .string, "the participant rated"),
        .init("value", .custom(luaType: "number"), "the rating, on the item's scale (required)"),
        .init("rater", .string, "who rated"),
    ])
}
