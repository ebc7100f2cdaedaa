import CorpusQuery
import Foundation
@testable import PeerScript
import StudyModel
import Testing

extension ReplCompletion {
    /// The candidates' words.
    var words: [String] { candidates.map(\.text) }
}

@Suite("REPL completion", .timeLimit(.minutes(3)))
struct ReplCompletionTests {
    @Test func globalsAndKeywords() throws {
        let engine = try makeReplEngine()
        let taxonomy = engine.complete("x = taxo")
        #expect(taxonomy.word == "taxo" && taxonomy.words == ["taxonomy"])
        #expect(taxonomy.insertion == "nomy")
        #expect(engine.complete("functi").words == ["function"])
        #expect(engine.complete("pri").words == ["principles", "print"])
        #expect(engine.complete("pri").insertion == "n")
        #expect(engine.complete("prin").insertion == "")
        #expect(engine.complete("tostr").insertion == "ing(")
        engine.submit("my_table = {}")
        #expect(engine.complete("my_t").insertion == "able")
    }

    @Test func namesStartingWithUnderscoreShowOnceItIsTyped() throws {
        let engine = try makeReplEngine()
        #expect(!engine.complete("").words.contains("_G"))
        #expect(engine.complete("").words.contains("taxonomy"))
        #expect(engine.complete("_").words == ["_G", "_VERSION"])
    }

    @Test func membersOfModulesAndTables() throws {
        let engine = try makeReplEngine()
        let members = engine.complete("taxonomy.")
        #expect(Set(members.words).isSuperset(of: ["get", "group", "groups", "search", "list", "extend"]))
        #expect(members.candidates.allSatisfy { $0.suffix == "(" })
        #expect(engine.complete("taxonomy.gr").words == ["group", "groups"])
        #expect(engine.complete("taxonomy.gr").insertion == "oup")
        #expect(engine.complete("string.up").insertion == "per(")
        engine.submit("t = { alpha = 1, beta = function() end, gamma = {} }")
        #expect(engine.complete("t.").candidates == [.init("alpha"), .init("beta", suffix: "("), .init("gamma")])
        #expect(engine.complete("t:").words == ["beta"])
        #expect(engine.complete("t.gamma.").words == [])
        #expect(engine.complete("nothing_here.").words == [])
    }

    @Test func objectsCompleteFromTheirDocumentedClass() throws {
        let engine = try makeReplEngine()
        let fields = engine.complete("taxonomy.get('3.1').")
        #expect(fields.words == ["definition", "framework", "group", "id", "is_extension", "label"])
        engine.submit("g = taxonomy.group('3')")
        #expect(engine.complete("g:").candidates == [.init("techniques", suffix: "(")])
        #expect(engine.complete("g.").words == ["framework", "id", "label"])
        #expect(engine.complete("g:techniques()[1].la").words == ["label"])
        #expect(engine.complete("taxonomy.get('3.1').label:up").insertion == "per(")
        engine.submit("s = 'text'")
        #expect(engine.complete("s:low").insertion == "er(")
    }

    @Test func nothingIsCompletedInCommentsOrAfterLiterals() throws {
        let engine = try makeReplEngine()
        #expect(engine.complete("x = 1 -- taxo") == .none)
        #expect(engine.complete("x = [[taxo") == .none)
        #expect(engine.complete("x = 12") == .none)
        #expect(engine.complete("print('a', 'taxo") == .none)
    }

    @Test func commandsAndHelpNames() throws {
        let engine = try makeReplEngine()
        #expect(engine.complete(":he").candidates == [.init(":help", suffix: " ")])
        #expect(engine.complete(":").words == ReplCommandLine.names)
        #expect(engine.complete(":help taxonomy.gr").words == ["taxonomy.group", "taxonomy.groups"])
        #expect(engine.complete(":help BCTGroup:t").words == ["BCTGroup:techniques"])
    }

    @Test func filePathsAfterLoadAndProject() throws {
        let folder = try TemporaryFolder()
        try folder.write("x = 1", to: "setup.lua")
        try folder.write("y = 2", to: "sub/other.lua")
        let engine = try makeReplEngine()
        let base = folder.url.path + "/"
        #expect(engine.complete(":load \(base)se").candidates == [.init(base + "setup.lua")])
        #expect(engine.complete(":project \(base)su").candidates == [.init(base + "sub", suffix: "/")])
    }
}

@Suite("REPL completion of field names", .timeLimit(.minutes(3)))
struct ReplFieldCompletionTests {
    /// A completer over fixed members and documentation, so field completion is tested apart
    /// from any corpus: `corpus.codings()` returns a `Query` whose `count_by` and `where` take
    /// fields, while `crosstab`'s options and `Table:sort` do not.
    func completer() -> ReplCompleter {
        let query = APIGroupDoc(name: "Query", kind: .class, summary: "", members: [
            APIDoc("count_by", kind: .method, "", parameters: [.init("...", "string", "the field names")],
                   returns: [.init("Table", "")]),
            APIDoc("where", kind: .method, "", parameters: [.init("filter", "table", "the fields to match")],
                   returns: [.init("Query", "")]),
            APIDoc("crosstab", kind: .method, "", parameters: [
                .init("row", "string", "the field for rows"), .init("column", "string", "the field for columns"),
                .init("options", "table?", "what each cell counts")], returns: [.init("Table", "")]),
        ])
        let table = APIGroupDoc(name: "Table", kind: .class, summary: "", members: [
            APIDoc("sort", kind: .method, "", parameters: [.init("column", "string", "a column label")]),
        ])
        let corpus = APIGroupDoc(name: "corpus", kind: .module, summary: "", members: [
            APIDoc("codings", "", returns: [.init("Query", "")]),
            APIDoc("values", "", parameters: [.init("field", "string", "a field name")], returns: [.init("string[]", "")]),
        ])
        let reference = APIReference(modules: [corpus], classes: [query, table])
        return ReplCompleter(
            members: { _, _ in [:] },
            owner: { path in
                // Only the documented chain from `corpus` is known here.
                path.first?.name == "corpus" ? (path.count == 1 ? "corpus" : path.last?.name == "codings" ? "Query"
                    : path.last?.name == "count_by" ? "Table" : "Query") : nil
            },
            fieldNames: { ["participant.id", "participant.role", "bct.group", "bct.group_label", "bct.id"] },
            reference: reference)
    }

    @Test func stringArgumentsOfFieldParametersComplete() {
        let completer = completer()
        let role = completer.complete(#"corpus.codings():count_by("participant.r"#)
        #expect(role.candidates == [.init("participant.role", suffix: "\"")])
        #expect(role.insertion == "ole\"")
        #expect(completer.complete("corpus.codings():count_by('bct.id', 'bct.gr").words == ["bct.group", "bct.group_label"])
        #expect(completer.complete(#"corpus.codings():crosstab("bct.id", "participant.i"#).words == ["participant.id"])
        #expect(completer.complete(#"corpus.values("participant."#).words == ["participant.id", "participant.role"])
        #expect(completer.complete(#"corpus.codings():count_by"bct.i"#).words == ["bct.id"])
    }

    @Test func keysOfFilterTablesComplete() {
        let completer = completer()
        #expect(completer.complete(#"corpus.codings():where{["participant.r"#).words == ["participant.role"])
        #expect(completer.complete(#"corpus.codings():where({ framework = "x", ["bct.i"#).words == ["bct.id"])
    }

    @Test func otherStringsDoNotComplete() {
        let completer = completer()
        // A table value, an options table, a non-field parameter, a plain function call.
        #expect(completer.complete(#"corpus.codings():where{ framework = "bct"#) == .none)
        #expect(completer.complete(#"corpus.codings():crosstab("a", "b", { count = "co"#) == .none)
        #expect(completer.complete(#"corpus.codings():count_by("bct.id"):sort("bct"#) == .none)
        #expect(completer.complete(#"print("participant"#) == .none)
    }
}
