import Foundation
import PeerScript
import Testing

@Suite("Shipped library documentation", .timeLimit(.minutes(3)))
struct ShippedLibraryDocsTests {
    private static let scripts = PeerScriptCLI.repository.appendingPathComponent("Scripts").path

    /// Every module of `Scripts/peer` (test helpers aside), by its `require` name.
    private static var modules: [String] {
        let folder = scripts + "/peer"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return files.filter { $0.hasSuffix(".lua") && $0 != "peerlib.lua" }.sorted().map { file in
            file == "init.lua" ? "peer" : "peer." + file.dropLast(4)
        }
    }

    @Test func everyModuleAndFunctionHasADocHeader() throws {
        #expect(Self.modules.count >= 8)
        for module in Self.modules {
            let docs = try #require(LuaModuleDocs.load(module: module, searchPath: [Self.scripts]))
            #expect(docs.summary != nil, "\(module) has no summary comment at its top")
            for function in docs.functions {
                let doc = try #require(function.doc, "\(module).\(function.name) (line \(function.line)) has no doc header")
                #expect(doc.contains("@usage"), "\(module).\(function.name) has no @usage example")
                if !function.parameters.isEmpty {
                    #expect(doc.contains("@param"), "\(module).\(function.name) documents no parameters")
                }
            }
        }
    }

    @Test func helpShowsAFunctionOrAModule() throws {
        let function = try #require(LuaModuleDocs.help(for: "peer.bcts.by_role", searchPath: [Self.scripts]))
        #expect(function.hasPrefix("peer.bcts.by_role(opts)\n  Counts techniques by participant role"))
        #expect(function.contains("\n  @usage "))
        let module = try #require(LuaModuleDocs.help(for: "peer.stats", searchPath: [Self.scripts]))
        #expect(module.hasPrefix("peer.stats (library module, "))
        #expect(module.contains("\n  peer.stats.fisher_exact(a, b, c, d, options) — Fisher's exact test for a 2×2 table."))
        #expect(LuaModuleDocs.help(for: "peer.bcts.nothing", searchPath: [Self.scripts]) == nil)
        #expect(LuaModuleDocs.help(for: "../etc", searchPath: [Self.scripts]) == nil)
    }

    @Test func docHeadersAreReadFromSource() {
        let docs = LuaModuleDocs(module: "m", path: "m.lua", source: """
            --- What m does.
            local M = {}

            --- Adds.
            --- @param a number
            function M.add(a, b) return a + b end

            -- an ordinary comment
            function M.bare() end
            local function hidden() end
            return M
            """)
        #expect(docs.summary == "What m does.")
        #expect(docs.functions.map(\.name) == ["add", "bare"])
        #expect(docs.functions[0].doc == "Adds.\n@param a number")
        #expect(docs.functions[0].parameters == "a, b")
        #expect(docs.functions[0].line == 6)
        #expect(docs.functions[1].doc == nil)
    }
}
