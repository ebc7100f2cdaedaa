import CorpusQuery
import LuaBridge
import ProjectStorage

extension WriteAPI {
    /// Adds `code` to the `Hits` class: each hit's span is coded as `project.code_spans` codes it.
    static func addHitsMethods(to hits: APIClass<HitsObject>, _ context: APIContext) {
        hits.method(APIDoc("code", """
            Codes the text of every hit as the run's coder, as `project.code_spans` does: a hit \
            that the coder already coded the same way is skipped. Needs a run that may write.
            """, parameters: [.init(options: codingOptions, "what to apply (one of code, bct, principle), and an optional memo")],
                           returns: [.init("integer", "how many codings were added"), .init("integer", "how many were there already")],
                           example: #"print(corpus.search("listened"):code{ code = "cm.rolemodel.hope" })"#,
                           since: "0.2.0")) { h, call in
            try context.writer.checkAllowed("Hits:code")
            let spans = try h.value.hits.map {
                ProjectEdits.Span(documentID: h.value.documentID(of: $0), start: $0.start, end: $0.end)
            }
            return try code(spans, call, optionsAt: 2, context, function: "Hits:code")
        }
    }
}
