import CorpusQuery
import LuaBridge
import ResultTables

/// The hits of a search as Lua sees them (`Hits`).
final class HitsObject: LuaBoxed<TextHits> {
    /// What was searched for, for printing.
    let searched: String
    init(_ hits: TextHits, searched: String) {
        self.searched = searched
        super.init(hits)
    }
}

/// `corpus.search`, `corpus.words` and the `Hits` class.
enum SearchAPI {
    /// Adds the text functions to the `corpus` module.
    static func addFunctions(to module: APIModule, _ context: APIContext) {
        module.function(APIDoc("search", """
            Finds text in every document, coded or not: each occurrence of the words (or the \
            phrase, or the regular expression) is a hit. Case and accents are ignored unless asked \
            for; word and phrase searches use the project's full-text index.
            """,
                               parameters: [.init("text", "string", "the words, phrase or pattern to find"),
                                            .init(options: searchOptions)],
                               returns: [.init("Hits", "the hits, to count, group, quote or show as a concordance")],
                               example: #"print(corpus.search("lived experience", { mode = "phrase" }):count_by("participant.role"))"#)) { call in
            let text = try call.string(1)
            let options = try textSearchOptions(call, 2)
            let hits = try context.corpus().search(text, options: options, limits: context.limits)
            call.stack.push(object: HitsObject(hits, searched: text))
            return 1
        }
        module.function(APIDoc("words", """
            Word frequencies over the documents' texts, most frequent first, without English stop \
            words unless asked; by a field, and with keyness (log-likelihood G² and log ratio) of \
            one group against the rest.
            """,
                               parameters: [.init(options: wordOptions)],
                               returns: [.init("Table", "one row per word (or stem): count and share, a count per group, or keyness scores")],
                               example: #"print(corpus.words{ by = "participant.role", keyness = "PW", top = 10 })"#)) { call in
            let options = try wordFrequencyOptions(call, 1)
            call.stack.push(object: TableObject(try context.corpus().words(options, limits: context.limits)))
            return 1
        }
    }

    /// The `Hits` class.
    static func hitsClass(_ context: APIContext) -> APIClassRegistration {
        let hits = APIClass<HitsObject>("Hits", """
            The hits of `corpus.search` (entity "hits"): each a span of a document's text, with \
            the document's, participant's and case's fields. Offsets count Unicode characters, end exclusive.
            """)
            .field(.field("entity", "string", "Always \"hits\".")) { _, call in push("hits", call) }
            .method(APIDoc("count", "Counts the hits.", returns: [.init("integer", "the number of hits")],
                           example: #"print(corpus.search("hope"):count())"#)) { h, call in
                call.stack.push(h.value.count())
                return 1
            }
            .method(APIDoc("where", "Keeps the hits whose document, participant or case fields match (as `Query:where` with a table).",
                           parameters: [.init("filter", "table<string, string|string[]>", "the fields to match")],
                           returns: [.init("Hits", "the hits that match")],
                           example: #"local pw = corpus.search("hope"):where{ ["participant.role"] = "PW" }"#)) { h, call in
                call.stack.push(object: HitsObject(try h.value.filter(try CorpusAPI.filterConditions(call, 2)), searched: h.searched))
                return 1
            }
            .method(APIDoc("count_by", "Counts hits for each combination of values of one or more fields.",
                           parameters: [.init("...", "string", "document, participant or case field names")],
                           returns: [.init("Table", "one row per combination, one column \"hits\"")],
                           example: #"print(corpus.search("hope"):count_by("participant.role"))"#)) { h, call in
                let fields = try (2...max(2, Int(call.argumentCount))).map { try call.string(Int32($0)) }
                call.stack.push(object: TableObject(try h.value.countBy(fields)))
                return 1
            }
            .method(APIDoc("crosstab", "A two-way table of hit counts.",
                           parameters: [.init("row", "string", "the field whose values label the rows"),
                                        .init("column", "string", "the field whose values label the columns")],
                           returns: [.init("Table", "hits by row and column values")],
                           example: #"print(corpus.search("hope"):crosstab("participant.role", "case.sector"))"#)) { h, call in
                call.stack.push(object: TableObject(try h.value.crosstab(try call.string(2), try call.string(3))))
                return 1
            }
            .method(APIDoc("quotes", "Each hit with some text around it, in document order.",
                           parameters: [.init(options: CorpusAPI.quoteOptions)],
                           returns: [.init("{document: string, participant: string?, case: string?, start: integer, end: integer, text: string, before: string, after: string}[]", "one entry per hit")],
                           example: #"for _, q in ipairs(corpus.search("hope"):quotes{ context = 60 }) do print(q.document, q.text) end"#)) { h, call in
                let quotes = try h.value.quotes(context: try CorpusAPI.quoteOptions.read(call, 2).integer("context") ?? 0)
                try pushList(quotes.map { quote in
                    LuaValue.table([
                        "document": .string(quote.documentID), "participant": quote.participantID.map(LuaValue.string) ?? .nil,
                        "case": quote.caseID.map(LuaValue.string) ?? .nil, "start": .integer(quote.start), "end": .integer(quote.end),
                        "text": .string(quote.text), "before": .string(quote.before), "after": .string(quote.after),
                    ])
                }, call)
                return 1
            }
            .method(APIDoc("kwic", """
                A concordance (keyword in context): each hit with `width` characters on either \
                side, line breaks shown as spaces, aligned so the hits form a column.
                """,
                           parameters: [.init(options: kwicOptions)],
                           returns: [.init("{document: string, start: integer, end: integer, left: string, hit: string, right: string, line: string}[]", "one entry per hit; line is left | hit | right")],
                           example: #"for _, k in ipairs(corpus.search("hope"):kwic{ width = 30 }) do print(k.line) end"#)) { h, call in
                let width = try kwicOptions.read(call, 2).integer("width") ?? 40
                let lines = try h.value.concordance(width: width)
                try pushList(lines.map { line in
                    LuaValue.table([
                        "document": .string(line.documentID), "start": .integer(line.start), "end": .integer(line.end),
                        "left": .string(line.left), "hit": .string(line.hit), "right": .string(line.right),
                        "line": .string(line.left + " | " + line.hit + " | " + line.right),
                    ])
                }, call)
                return 1
            }
            .method(APIDoc("words", "Word frequencies inside the hits (see `corpus.words`).",
                           parameters: [.init(options: wordOptions)],
                           returns: [.init("Table", "one row per word")],
                           example: #"print(corpus.search("hope.{0,40}", { mode = "regex" }):words{ top = 5 })"#)) { h, call in
                var options = try wordFrequencyOptions(call, 2)
                options.hits = h.value
                call.stack.push(object: TableObject(try h.value.snapshot.words(options, limits: context.limits)))
                return 1
            }
            .withString { h in
                let count = h.value.count()
                return "Hits(\(count) \(count == 1 ? "hit" : "hits") for '\(h.searched)')"
            }
        WriteAPI.addHitsMethods(to: hits, context)
        return hits
    }

    /// Pushes a Lua array of plain values.
    private static func pushList(_ values: [LuaValue], _ call: LuaCall) throws {
        call.stack.pushTable(array: values.count)
        for (offset, value) in values.enumerated() {
            try call.stack.push(value)
            call.stack.setIndex(offset + 1, inTableAt: -2)
        }
    }


    /// The query (or, where allowed, the hits) an option names, read from the options table.
    private static func objectOption<Object: AnyObject>(_ name: String, _ call: LuaCall, _ index: Int32, as type: Object.Type) -> Object? {
        guard call.typeName(index) == "table" else { return nil }
        call.stack.getField(name, inTableAt: index)
        defer { call.stack.pop() }
        return call.stack.object(at: -1, as: type)
    }

    private static func textSearchOptions(_ call: LuaCall, _ index: Int32) throws -> TextSearchOptions {
        let values = try searchOptions.read(call, index)
        var options = TextSearchOptions()
        options.mode = values.string("mode").flatMap(TextSearchOptions.Mode.init(rawValue:)) ?? .words
        options.wholeWords = values.boolean("whole_words", otherwise: true)
        options.caseSensitive = values.boolean("case", otherwise: false)
        options.accentSensitive = values.boolean("accents", otherwise: false)
        options.stem = values.boolean("stem", otherwise: false)
        options.near = values.integer("near")
        options.uncoded = values.boolean("uncoded", otherwise: false)
        if values["within"] != nil {
            guard let query = objectOption("within", call, index, as: QueryObject.self)?.value else {
                throw call.argumentError(index, "'within' must be a Query, such as corpus.codings():where{ [\"bct.id\"] = \"3.1\" }")
            }
            options.within = query
        }
        return options
    }

    private static func wordFrequencyOptions(_ call: LuaCall, _ index: Int32) throws -> WordFrequencyOptions {
        let values = try wordOptions.read(call, index)
        var options = WordFrequencyOptions()
        options.stem = values.boolean("stem", otherwise: false)
        options.by = values.string("by")
        options.skipsStopWords = values.boolean("stop_words", otherwise: true)
        options.extraStopWords = values.strings("exclude") ?? []
        options.minimumLength = values.integer("min_length") ?? 1
        options.top = values.integer("top")
        options.keyness = values.string("keyness")
        if values["within"] != nil {
            if let query = objectOption("within", call, index, as: QueryObject.self)?.value {
                options.within = query
            } else if let hits = objectOption("within", call, index, as: HitsObject.self)?.value {
                options.hits = hits
            } else {
                throw call.argumentError(index, "'within' must be a Query or the Hits of corpus.search")
            }
        }
        return options
    }

    /// The options of `corpus.search`.
    static let searchOptions = OptionSchema([
        .init("mode", .choice(TextSearchOptions.Mode.allCases.map(\.rawValue)),
              "each word on its own, the exact phrase, or an ICU regular expression", default: "words"),
        .init("whole_words", .boolean, "match whole words only; false finds the text inside words too (scans every text)", default: "true"),
        .init("case", .boolean, "match upper and lower case as written", default: "false"),
        .init("accents", .boolean, "match accents as written", default: "false"),
        .init("stem", .boolean, "match English word forms by their stem (\"supporting\" finds \"supported\")", default: "false"),
        .init("near", .integer(minimum: 0), "words mode: only where all the words occur within this many words of each other"),
        .init("within", .custom(luaType: "Query"), "only hits inside the text coded by this query's rows"),
        .init("uncoded", .boolean, "only hits in text no one coded", default: "false"),
    ])

    /// The options of `corpus.words` and `Hits:words`.
    static let wordOptions = OptionSchema([
        .init("by", .string, "count per value of a document, participant or case field"),
        .init("stem", .boolean, "count English stems rather than word forms", default: "false"),
        .init("stop_words", .boolean, "false keeps the shipped English stop words in", default: "true"),
        .init("exclude", .strings, "more words to leave out"),
        .init("min_length", .integer(minimum: 1), "leave out shorter words", default: "1"),
        .init("top", .integer(minimum: 1), "keep only the most frequent (or most key) words"),
        .init("keyness", .string, "with by: the group to compare against the rest"),
        .init("within", .custom(luaType: "Query|Hits"), "count only words in the text coded by this query, or inside these hits"),
    ])

    /// The options of `Hits:kwic`.
    static let kwicOptions = OptionSchema([
        .init("width", .integer(minimum: 1), "characters of context on each side (at most 1000)", default: "40"),
    ])
}
