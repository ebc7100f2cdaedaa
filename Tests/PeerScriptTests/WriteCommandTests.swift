import Foundation
import PeerScript
import ProjectStorage
import StudyModel
import Testing

/// A small generated project in a temporary folder, with helpers to compare its states.
struct WritableProject {
    let folder: TemporaryFolder
    let path: String

    init() throws {
        folder = try TemporaryFolder()
        path = folder.url.appendingPathComponent("p.peerdb").path
        let made = try PeerScriptCLI.run(["generate", "--participants", "7", "--codings", "60", "--output", path])
        #expect(made.status == 0, "\(made.stderr)")
    }

    /// SHA-256 of the database file's bytes.
    func fileHash() throws -> String { ContentDigest.sha256Hex(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) }

    /// Every table's rows (not the change tables).
    func dump() throws -> [String: [String]] {
        let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
        defer { try? store.close() }
        return try ProjectDump.tables(of: store)
    }

    /// The recorded change sets.
    func history() throws -> [ChangeSummary] {
        let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
        defer { try? store.close() }
        return try ChangeHistory.list(store)
    }

    /// Runs `peerscript run --project P` with `flags` and the chunk or script file.
    @discardableResult
    func run(_ flags: [String], chunk: String) throws -> PeerScriptCLI.Result {
        try PeerScriptCLI.run(["run", "--project", path, "--out", folder.url.appendingPathComponent("out").path] + flags + ["-e", chunk],
                              in: folder.url, bound: 60)
    }
}

/// A chunk that uses most write functions, asserting that queries see each change at once.
let writingChunk = #"""
project.add_code{ id = "ind", label = "Inductive", codebook = "project" }
project.add_code{ id = "ind.a", label = "A", parent = "ind", colour = "#112233", description = "first" }
project.add_code{ id = "ind.b", label = "B", parent = "ind" }
local doc = corpus.values("document.id")[1]
local added, again = project.code_spans({ { document = doc, start = 0, ["end"] = 10 } }, { code = "ind.a", memo = "m" })
assert(added == 1 and again == 0, "code_spans")
assert(corpus.codings():where{ ["code.id"] = "ind.a" }:count() == 1, "a query sees the new coding")
assert(corpus.codings():where{ ["code.id"] = "ind.a", coder = project.coder() }:count() == 1, "coded as the run's coder")
project.rename_code("ind.b", "Bee")
assert(codebook.get("ind.b").label == "Bee", "rename")
project.move_code("ind.b", nil)
assert(codebook.get("ind.b").parent == nil, "move")
project.map_code{ code = "ind.a", bct = "17.2", rationale = "why" }
project.map_code{ code = "ind.a", principle = "P2" }
assert(codebook.get("ind.a"):rationale("17.2") == "why", "map")
assert(corpus.codings():where{ ["bct.id"] = "17.2", ["code.id"] = "ind.a" }:count() == 1, "mapped codings count for the technique")
assert(project.unmap_code{ code = "ind.a", principle = "P2" } == true, "unmap")
local n = corpus.segments():where{ ["document.id"] = doc }:code{ code = "ind.b" }
assert(n > 0, "Query:code")
assert(corpus.codings():where{ ["code.id"] = "ind.b" }:recode{ bct = "3.1" } == n, "recode")
assert(corpus.codings():where{ ["code.id"] = "ind.b" }:count() == 0, "recoded away")
assert(corpus.codings():where{ ["bct.id"] = "3.1", coder = project.coder() }:uncode() == n, "uncode")
assert(corpus.codings():where{ coder = project.coder() }:count() == 1, "only the first coding is left")
assert(corpus.documents():where{ ["document.id"] = doc }:code{ principle = "P1" } == 1, "a whole document")
project.merge_codes("ind.b", "ind.a")
assert(not pcall(codebook.get, "ind.b"), "merged code is gone")
local participant = corpus.values("participant.id")[1]
project.set_attribute{ participant = participant, name = "cohort", value = "2024" }
assert(corpus.participants():where{ cohort = "2024" }:count() == 1, "attribute")
project.set_attribute{ case = corpus.values("case.id")[1], name = "region", value = "North" }
assert(project.add_memo{ on = "document", id = doc, text = "a memo" } > 0, "memo")
project.add_memo{ on = "code", id = "ind.a", text = "code memo", name = "About A" }
project.add_fidelity_item{ id = "X.1", principle = "P1", text = "Trust", min = 1, max = 5 }
project.rate{ item = "X.1", participant = participant, value = 4, rater = "R" }
assert(project.extend_taxonomy{ framework = "team", groups = { { id = "18", label = "Team",
  techniques = { { id = "18.1", label = "Shared reflection" } } } } } == 1, "extend_taxonomy")
assert(taxonomy.get("18.1").label == "Shared reflection", "the extension is in the taxonomy")
project.add_code{ id = "ind.gone", label = "Gone" }
project.delete_code("ind.gone")
assert(project.changes().codings.added >= 2, "changes")
print("ok")
"""#

@Suite("Scripts that write: --write, --dry-run, history and undo", .timeLimit(.minutes(3)))
struct WriteCommandTests {
    @Test("without --write every write function is refused, naming the flag, and nothing changes")
    func writesNeedTheFlag() throws {
        let project = try WritableProject()
        let hash = try project.fileHash()
        let calls = [
            #"project.add_code{ id = "x", label = "X" }"#, #"project.rename_code("x", "Y")"#, #"project.move_code("x")"#,
            #"project.merge_codes("x", "y")"#, #"project.delete_code("x")"#, #"project.map_code{ code = "x", bct = "3.1" }"#,
            #"project.unmap_code{ code = "x", bct = "3.1" }"#, #"project.code_spans({}, { code = "x" })"#,
            #"corpus.segments():code{ code = "x" }"#, #"corpus.codings():uncode()"#, #"corpus.codings():recode{ code = "x" }"#,
            #"project.set_attribute{ case = "x", name = "n" }"#, #"project.add_memo{ on = "project", text = "t" }"#,
            #"project.add_fidelity_item{ id = "i", principle = "P1", text = "t", min = 0, max = 1 }"#,
            #"project.rate{ item = "i", case = "c", value = 1 }"#, #"project.extend_taxonomy{ framework = "f", groups = {} }"#,
            #"corpus.search("support"):code{ code = "x" }"#,
        ]
        let chunk = "assert(project.writable == false)\nlocal refused = 0\n" + calls.map { call in
            "do local ok, e = pcall(function() \(call) end); if not ok and e:find('--write', 1, true) then refused = refused + 1 else print('not refused: ' .. \(luaQuoted(call)) .. ' ' .. tostring(e)) end end"
        }.joined(separator: "\n") + "\nprint(refused)"
        let result = try project.run([], chunk: chunk)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "\(calls.count)\n")
        #expect(try project.fileHash() == hash)
    }

    @Test("with --write every write function works and queries see the changes; undo restores every table")
    func writeFunctionsAndUndo() throws {
        let project = try WritableProject()
        let before = try project.dump()
        let result = try project.run(["--write"], chunk: writingChunk)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "ok\n")
        #expect(result.stderr.contains("change set 1 recorded"))
        let history = try project.history()
        try #require(history.count == 1)
        #expect(history[0].provenance.kind == "script")
        #expect(history[0].provenance.commandLine.contains("--write"))
        #expect(try project.dump() != before)
        let listed = try PeerScriptCLI.run(["history", "--project", project.path])
        #expect(listed.status == 0 && listed.stdout.contains("#1") && listed.stdout.contains("codings:"), "\(listed.stderr)")
        let undo = try PeerScriptCLI.run(["undo", "--project", project.path])
        #expect(undo.status == 0 && undo.stdout == "Undid change set 1.\n", "\(undo.stderr)")
        #expect(try project.dump() == before)
    }

    @Test("Hits:code codes exactly the spans the search found, once, as the run's coder")
    func searchHitsAreCoded() throws {
        let project = try WritableProject()
        let result = try project.run(["--write"], chunk: #"""
            project.add_code{ id = "kw", label = "Keyword" }
            local hits = corpus.search("support")
            local added, already = hits:code{ code = "kw" }
            local again_added, again = hits:code{ code = "kw" }
            local q = corpus.codings():where{ ["code.id"] = "kw", coder = project.coder() }
            local spans, same = {}, 0
            for _, h in ipairs(hits:quotes()) do spans[h.document .. ":" .. h.start .. ":" .. h["end"]] = true end
            for _, c in ipairs(q:quotes()) do if spans[c.document .. ":" .. c.start .. ":" .. c["end"]] then same = same + 1 end end
            print(hits:count() > 0, added == hits:count(), already, again_added, again == hits:count(), q:count() == added, same == added)
            """#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "true\ttrue\t0\t0\ttrue\ttrue\ttrue\n", "\(result.stdout)")
    }

    @Test("an import's change set lists only the tables a user knows, and undoing it leaves nothing to find")
    func importedTranscriptsAreUndone() throws {
        let folder = try TemporaryFolder()
        try folder.write("I felt hope when I met her.\n", to: "PAR1PW01.txt")
        let path = folder.url.appendingPathComponent("p.peerdb").path
        #expect(try PeerScriptCLI.run(["init", path], in: folder.url).status == 0)
        func dump() throws -> [String: [String]] {
            let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
            defer { try? store.close() }
            return try ProjectDump.tables(of: store)
        }
        let before = try dump()
        let imported = try PeerScriptCLI.run(["import", "PAR1PW01.txt", "--project", path], in: folder.url)
        #expect(imported.status == 0, "\(imported.stderr)")
        let history = try PeerScriptCLI.run(["history", "--project", path], in: folder.url)
        #expect(history.stdout.contains("documents: 1 added"), "\(history.stdout)")
        #expect(!history.stdout.contains("text_index"), "\(history.stdout)")
        #expect(try PeerScriptCLI.run(["undo", "--project", path], in: folder.url).status == 0)
        let found = try PeerScriptCLI.run(["run", "--project", path, "-e",
                                           #"print(corpus.search("hope"):count(), corpus.documents():count())"#], in: folder.url)
        #expect(found.stdout == "0\t0\n", "\(found.stderr)")
        #expect(try dump() == before)
    }

    @Test("a change set records the script's path and SHA-256, the command line and the user; history shows it in full")
    func provenanceIsRecorded() throws {
        let project = try WritableProject()
        let script = try project.folder.write(#"project.add_code{ id = "ind", label = "Inductive" }"#, to: "add_theme.lua")
        let result = try PeerScriptCLI.run(["run", "--project", project.path, "--write", script], in: project.folder.url,
                                           environment: ["USER": "researcher"])
        #expect(result.status == 0, "\(result.stderr)")
        let set = try #require(try project.history().first)
        let sha = ContentDigest.sha256Hex(Array(try Data(contentsOf: URL(fileURLWithPath: script))))
        #expect(set.provenance.path == script && set.provenance.sha256 == sha && set.provenance.user == "researcher")
        #expect(set.provenance.commandLine.hasSuffix("run --project \(project.path) --write \(script)"))
        let shown = try PeerScriptCLI.run(["history", "--project", project.path, "1"])
        #expect(shown.stdout.contains(sha) && shown.stdout.contains("command: ") && shown.stdout.contains("'ind', 'project'"),
                "\(shown.stdout)")
        // Codings it writes belong to a coder named after the script.
        let coded = try PeerScriptCLI.run(["run", "--project", project.path, "--write", "-e",
                                           "print(project.coder())"], in: project.folder.url)
        #expect(coded.stdout == "script\n")
    }

    @Test("a script that fails after writing leaves the project file byte for byte unchanged")
    func failingScriptChangesNothing() throws {
        let project = try WritableProject()
        // The generator closed the file, so its write-ahead log is folded in: the file alone is
        // the project. A rolled-back transaction may leave pages in the log while it runs, but
        // SQLite copies only committed pages into the file, so the file's bytes must not change.
        let hash = try project.fileHash()
        let before = try project.dump()
        let result = try project.run(["--write"], chunk: writingChunk.replacingOccurrences(of: #"print("ok")"#, with: #"error("stop here")"#))
        #expect(result.status == 1)
        #expect(result.stderr.contains("stop here") && !result.stderr.contains("recorded"))
        #expect(try project.fileHash() == hash)
        #expect(try project.dump() == before)
        #expect(try project.history().isEmpty)
    }

    @Test("--dry-run prints the change set it would make and keeps nothing")
    func dryRunKeepsNothing() throws {
        let project = try WritableProject()
        let hash = try project.fileHash()
        let result = try project.run(["--dry-run"], chunk: #"project.add_code{ id = "ind", label = "Inductive" } print(codebook.get("ind").label)"#)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Inductive\n")
        #expect(result.stderr.contains("--dry-run: nothing was written"))
        #expect(result.stderr.contains("codes: 1 added") && result.stderr.contains("insert ("))
        #expect(try project.fileHash() == hash)
        let both = try project.run(["--dry-run", "--write"], chunk: "print(1)")
        #expect(both.status != 0 && both.stderr.contains("--write or --dry-run"))
    }

    @Test("undoing a change set that a later one builds on is refused, naming it, unless --with-later")
    func refusedUndo() throws {
        let project = try WritableProject()
        let before = try project.dump()
        #expect(try project.run(["--write"], chunk: #"project.add_code{ id = "ind", label = "One" }"#).status == 0)
        #expect(try project.run(["--write"], chunk: #"project.rename_code("ind", "Two")"#).status == 0)
        let refused = try PeerScriptCLI.run(["undo", "--project", project.path, "1"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("later change set 2") && refused.stderr.contains("--with-later"), "\(refused.stderr)")
        let both = try PeerScriptCLI.run(["undo", "--project", project.path, "--with-later", "1"])
        #expect(both.status == 0 && both.stdout == "Undid change sets 2, 1.\n", "\(both.stderr)")
        #expect(try project.dump() == before)
    }

    /// Starts a writing run that writes, leaves a marker file and then spins until killed.
    private func startHoldingWriter(_ project: WritableProject) throws -> (Process, Pipe, Pipe, URL) {
        let marker = project.folder.url.appendingPathComponent("out/written.txt")
        let chunk = #"""
            for i = 1, 200 do project.add_code{ id = "k" .. i, label = "K" .. i } end
            project.code_spans({ { document = corpus.values("document.id")[1], start = 0, ["end"] = 5 } }, { code = "k1" })
            peerscript.write("written.txt", "x")
            while true do end
            """#
        let started = try PeerScriptCLI.start(["run", "--project", project.path, "--write", "--timeout", "0",
                                               "--out", project.folder.url.appendingPathComponent("out").path, "-e", chunk],
                                              in: project.folder.url)
        var waited = 0
        while !FileManager.default.fileExists(atPath: marker.path) && waited < 600 {
            usleep(50_000)
            waited += 1
        }
        #expect(FileManager.default.fileExists(atPath: marker.path), "the writer never got to its loop")
        return (started.0, started.1, started.2, marker)
    }

    @Test("SIGKILL in the middle of a writing script: the project opens and equals its previous state")
    func killedWriterChangesNothing() throws {
        let project = try WritableProject()
        let before = try project.dump()
        let (process, out, err, _) = try startHoldingWriter(project)
        kill(process.processIdentifier, SIGKILL)
        let result = PeerScriptCLI.finish(process, out, err, bound: 30)
        #expect(result.status == SIGKILL)
        #expect(try project.dump() == before)
        #expect(try project.history().isEmpty)
        let info = try PeerScriptCLI.run(["info", project.path])
        #expect(info.status == 0, "\(info.stderr)")
    }

    @Test("a second writer is told the project is being changed; readers keep working")
    func concurrentWriter() throws {
        let project = try WritableProject()
        let (process, out, err, _) = try startHoldingWriter(project)
        defer {
            kill(process.processIdentifier, SIGKILL)
            _ = PeerScriptCLI.finish(process, out, err, bound: 30)
        }
        let second = try project.run(["--write"], chunk: #"project.add_code{ id = "other", label = "Other" }"#)
        #expect(second.status == 1)
        #expect(second.stderr.contains("is being changed by another process"), "\(second.stderr)")
        let reader = try project.run([], chunk: "print(corpus.codings():count())")
        #expect(reader.status == 0 && reader.stdout == "60\n", "\(reader.stderr)")
    }

    @Test("REFI-QDA export and import carry what a script wrote, exactly")
    func exchangeRoundTrip() throws {
        let project = try WritableProject()
        #expect(try project.run(["--write"], chunk: writingChunk).status == 0)
        let folder = project.folder.url
        let first = folder.appendingPathComponent("first.qdpx").path, second = folder.appendingPathComponent("second.qdpx").path
        let copy = folder.appendingPathComponent("copy.peerdb").path
        #expect(try PeerScriptCLI.run(["export", "--project", project.path, first]).status == 0)
        let imported = try PeerScriptCLI.run(["import", "--quiet", "--project", copy, first])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Recorded as change set 1"))
        #expect(try PeerScriptCLI.run(["export", "--project", copy, second]).status == 0)
        let csvA = folder.appendingPathComponent("a.csv").path, csvB = folder.appendingPathComponent("b.csv").path
        #expect(try PeerScriptCLI.run(["export", "--project", project.path, csvA]).status == 0)
        #expect(try PeerScriptCLI.run(["export", "--project", copy, csvB]).status == 0)
        #expect(try String(contentsOfFile: csvA, encoding: .utf8) == String(contentsOfFile: csvB, encoding: .utf8))
        let check = "print(codebook.get('ind.a').label, codebook.get('ind.a'):rationale('17.2'), #corpus.codings():where{ ['code.id'] = 'ind.a' }:quotes())"
        let original = try PeerScriptCLI.run(["run", "--project", project.path, "-e", check])
        let copied = try PeerScriptCLI.run(["run", "--project", copy, "-e", check])
        #expect(original.stdout == copied.stdout && original.stdout.hasPrefix("A\twhy\t"), "\(copied.stderr)")
        let counts = { (path: String) throws -> ProjectCounts in
            let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
            defer { try? store.close() }
            return try store.counts()
        }
        let (a, b) = (try counts(project.path), try counts(copy))
        #expect(a.codes == b.codes && a.codings == b.codings && a.notes == b.notes && a.codeBCTMappings == b.codeBCTMappings)
        // The change sets themselves stay in their project: an import records its own.
        #expect(try WritableProjectHistory.count(copy) == 1)
    }
}

private enum WritableProjectHistory {
    static func count(_ path: String) throws -> Int {
        let store = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: true)
        defer { try? store.close() }
        return try ChangeHistory.list(store).count
    }
}

/// `text` as a Lua long string literal.
private func luaQuoted(_ text: String) -> String { "[==[" + text + "]==]" }

@Suite("Writing from the REPL and from embedding code", .timeLimit(.minutes(2)))
struct WriteSessionTests {
    @Test("repl --write keeps one change set when the session ends, and none when a piped line failed")
    func replKeepsOneChangeSet() throws {
        let project = try WritableProject()
        let lines = "project.add_code{ id = 'ind', label = 'Inductive' }\nproject.rename_code('ind', 'Inductive codes')\n"
        let kept = try PeerScriptCLI.run(["repl", "--write", "--project", project.path], stdin: lines, bound: 60)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try project.history().count == 1)
        let hash = try project.fileHash()
        let failed = try PeerScriptCLI.run(["repl", "--write", "--project", project.path],
                                           stdin: "project.add_code{ id = 'more', label = 'More' }\nerror('no')\n", bound: 60)
        #expect(failed.status == 1)
        #expect(try project.history().count == 1)
        #expect(try project.fileHash() == hash)
        let switching = try PeerScriptCLI.run(["repl", "--write", "--project", project.path], stdin: ":project \(project.path)\n", bound: 60)
        #expect(switching.stderr.contains("keeps to it") || switching.stdout.contains("keeps to it"), "\(switching.stdout) \(switching.stderr)")
    }

    @Test("below the command line, a refused write says how to allow it without naming a flag")
    func neutralRefusal() throws {
        var options = ScriptOptions()
        options.timeout = 30
        let session = try ScriptSession(options: options, scriptFolder: nil)
        do {
            try session.runChunk(#"project.add_code{ id = "x", label = "X" }"#)
            Issue.record("the write was not refused")
        } catch {
            let message = "\(error)"
            #expect(message.contains("may only read it: open the project for writing"), "\(message)")
            #expect(!message.contains("--"))
        }
        #expect(try session.finishChanges(succeeded: true) == nil)
    }

    @Test("embedding code can preview a run's changes and keep none")
    func previewInProcess() throws {
        var options = ScriptOptions()
        options.changes = .preview
        let session = try ScriptSession(options: options, scriptFolder: nil)
        try session.runChunk(#"project.add_code{ id = "x", label = "X" } assert(codebook.get("x").label == "X")"#)
        let outcome = try #require(try session.finishChanges(succeeded: true))
        #expect(!outcome.kept && outcome.summary.tables.map(\.table) == ["codes"])
    }
}

@Suite("Writes to built-in codebooks", .timeLimit(.minutes(2)))
struct BuiltInCodebookWriteTests {
    @Test("a renamed, added or mapped code of a built-in codebook shows through codebook.get, in the run and after")
    func projectCopyOfABuiltInCodebookWins() throws {
        let project = try WritableProject()
        let chunk = #"""
            project.rename_code("cm.rolemodel.hope", "Hope from peers")
            project.add_code{ id = "cm.rolemodel.new", label = "New", parent = "cm.rolemodel" }
            project.map_code{ code = "cm.rolemodel.new", bct = "17.1", rationale = "r" }
            print(codebook.get("cm.rolemodel.hope").label, codebook.get("cm.rolemodel.new").codebook,
                  codebook.get("cm.rolemodel.new"):rationale("17.1"))
            """#
        let written = try project.run(["--write"], chunk: chunk)
        #expect(written.stdout == "Hope from peers\tchange-model\tr\n", "\(written.stderr)")
        let later = try project.run([], chunk: #"print(codebook.get("cm.rolemodel.hope").label, #codebook.get("cm.rolemodel"):children())"#)
        #expect(later.stdout.hasPrefix("Hope from peers\t"), "\(later.stderr)")
    }
}
