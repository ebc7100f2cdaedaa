import CorpusQuery
import LuaBridge
import ProjectStorage
import StudyModel

extension WriteAPI {
    static func addCoding(to module: APIModule, _ context: APIContext) {
        module.function(APIDoc("code_spans", """
            Codes stretches of text: each span names a document and its start and end in \
            characters (Unicode code points from 0, end exclusive, as `quotes` gives them). A \
            span reuses the segment with the same offsets, or makes one. The codings belong \
            to the run's coder (see `project.coder`); a span that coder has already coded \
            the same way is skipped.
            """, parameters: [.init("spans", "{document: string, start: integer, end: integer}[]", "the stretches to code"),
                              .init(options: codingOptions, "what to apply (one of code, bct, principle), and an optional memo")],
                               returns: [.init("integer", "how many codings were added"),
                                         .init("integer", "how many spans were coded that way already")],
                               example: #"local d = corpus.values("document.id")[1]; print(project.code_spans({ { document = d, start = 0, ["end"] = 40 } }, { code = "ind.trust" }))"#,
                               since: "0.2.0")) { call in
            try context.writer.checkAllowed("project.code_spans")
            return try code(try readSpans(call, 1), call, optionsAt: 2, context, function: "project.code_spans")
        }
        module.function(APIDoc("coder", """
            The coder the run's codings belong to: the script's file name without `.lua` (`script` \
            for a chunk given with -e) unless the script names another. Giving a name changes it \
            for the codings written after.
            """, parameters: [.init("name", "string?", "the coder to write codings as")],
                               returns: [.init("string", "the coder's name")],
                               example: #"project.coder("Keyword rule v2")"#, since: "0.2.0")) { call in
            if let name = try call.optionalString(1) {
                guard !name.isEmpty else { throw call.argumentError(1, "a coder's name cannot be empty") }
                context.writer.chosenCoder = name
            }
            call.stack.push(context.writer.coderName)
            return 1
        }
    }

    /// Adds `code`, `uncode` and `recode` to the `Query` class.
    static func addQueryMethods(to query: APIClass<QueryObject>, _ context: APIContext) {
        query.method(APIDoc("code", """
            Codes the segments behind the query's rows (for documents: each whole document) \
            as `project.code_spans` does, as the run's coder. Needs a run that may write.
            """, parameters: [.init(options: codingOptions, "what to apply (one of code, bct, principle), and an optional memo")],
                            returns: [.init("integer", "how many codings were added"), .init("integer", "how many were there already")],
                            example: #"print(corpus.segments():where{ ["code.id"] = "cm.rolemodel.hope" }:code{ bct = "17.1" })"#,
                            since: "0.2.0")) { q, call in
            try context.writer.checkAllowed("Query:code")
            return try code(try spans(of: q.value, context), call, optionsAt: 2, context, function: "Query:code")
        }
        query.method(APIDoc("uncode", "Removes the codings a codings query selects (and the memos on them).",
                            returns: [.init("integer", "how many codings were removed")],
                            example: #"print(corpus.codings():where{ coder = project.coder(), ["code.id"] = "ind.trust" }:uncode())"#, since: "0.2.0")) { q, call in
            try context.writer.checkAllowed("Query:uncode")
            let ids = try codingIDs(q.value, "uncode", call)
            call.stack.push(try context.writer.change("Query:uncode") { try ProjectEdits.removeCodings($0, ids: ids) })
            return 1
        }
        query.method(APIDoc("recode", "Makes the codings a codings query selects apply another code, technique or principle.",
                            parameters: [.init(options: recodeOptions, "what to apply instead (one of code, bct, principle)")],
                            returns: [.init("integer", "how many codings changed")],
                            example: #"print(corpus.codings():where{ ["code.id"] = "cm.outcomes.hope", coder = "Coder C" }:recode{ code = "cm.rolemodel.hope" })"#,
                            since: "0.2.0")) { q, call in
            try context.writer.checkAllowed("Query:recode")
            let applied = try appliedValue(try recodeOptions.read(call, 2), call, 2, context)
            let ids = try codingIDs(q.value, "recode", call)
            call.stack.push(try context.writer.change("Query:recode") { try ProjectEdits.recode($0, ids: ids, to: applied) })
            return 1
        }
    }

    /// Codes `spans` as the run's coder with what the options table at `index` applies (one of
    /// `code`, `bct`, `principle`, and a `memo`), and pushes how many codings were added and
    /// how many were there already. Every way of coding text (explicit spans, a query's
    /// segments, search hits) ends here.
    static func code(_ spans: [ProjectEdits.Span], _ call: LuaCall, optionsAt index: Int32, _ context: APIContext,
                     function: String) throws -> Int32 {
        let options = try codingOptions.read(call, index)
        let applied = try appliedValue(options, call, index, context)
        let outcome = try context.writer.change(function) {
            try ProjectEdits.code($0, spans: spans, with: applied, coder: context.writer.coderName, memo: options.string("memo"))
        }
        call.stack.push(outcome.added)
        call.stack.push(outcome.alreadyCoded)
        return 2
    }

    /// The spans a query's rows stand for: their segments, or whole documents.
    private static func spans(of query: Query, _ context: APIContext) throws -> [ProjectEdits.Span] {
        switch query.entity {
        case .codings, .segments:
            return try query.quotes().map {
                ProjectEdits.Span(documentID: $0.documentID, start: $0.start, end: $0.end, segmentID: $0.segmentID)
            }
        case .documents:
            let ids = try query.rows().map(\.id)
            return try context.projectStore().read { try ProjectEdits.wholeDocuments($0, ids) }
        case .participants:
            throw LuaScriptError("Query:code codes segments, codings or documents; narrow corpus.documents() by participant instead")
        }
    }

    private static func codingIDs(_ query: Query, _ method: String, _ call: LuaCall) throws -> [Int64] {
        guard query.entity == .codings else {
            throw LuaScriptError("Query:\(method) works on codings; start from corpus.codings()")
        }
        return try query.rows().compactMap { Int64($0.id) }
    }

    /// The list of span tables at argument `index`.
    private static func readSpans(_ call: LuaCall, _ index: Int32) throws -> [ProjectEdits.Span] {
        guard let items = try call.table(index).arrayValues else {
            throw call.argumentError(index, "expected a list of spans such as { { document = \"D01\", start = 0, [\"end\"] = 40 } }")
        }
        return try items.enumerated().map { offset, item in
            guard case .table(let fields) = item, let document = fields[.string("document")]?.stringValue,
                  let start = fields[.string("start")]?.intValue, let end = fields[.string("end")]?.intValue else {
                throw call.argumentError(index, "span \(offset + 1) needs 'document' (a string) and 'start' and 'end' (whole numbers)")
            }
            return ProjectEdits.Span(documentID: document, start: start, end: end)
        }
    }

    /// Exactly one of `code`, `bct` and `principle`, checked against the frameworks.
    private static func appliedValue(_ options: OptionValues, _ call: LuaCall, _ index: Int32,
                                     _ context: APIContext) throws -> ProjectEdits.Applied {
        switch (options.string("code"), options.string("bct"), options.string("principle")) {
        case let (code?, nil, nil): return .code(code)
        case let (nil, bct?, nil): return .technique(try context.technique(bct).id)
        case let (nil, nil, principle?): return .principle(try WriteAPI.principle(principle, context))
        default: throw call.argumentError(index, "give exactly one of 'code', 'bct' and 'principle'")
        }
    }

    static let recodeOptions = OptionSchema([
        .init("code", .string, "a codebook code's id"),
        .init("bct", .string, "a technique's number"),
        .init("principle", .string, "a principle's id"),
    ])

    static let codingOptions = OptionSchema(recodeOptions.options + [
        .init("memo", .string, "a memo stored on each new coding"),
    ])
}
