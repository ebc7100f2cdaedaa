@testable import CorpusGenerator
@testable import DataExchange
import Foundation
import GRDB
@testable import ProjectStorage
@testable import StudyModel
import Testing

/// What other QDA programs' importers take for granted in a `.qdpx`, checked on exports of the
/// NVivo sample and of a generated three-coder project.
@Suite("Exports other programs read in full", .timeLimit(.minutes(2)))
struct ExchangeClientTests {
    /// The NVivo sample imported into a new project.
    static func nvivoStore() throws -> ProjectStore {
        let store = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: ExchangeFixtures.url("nvivo12.6-win_oltas0517.qdpx"), into: store)
        return store
    }

    /// A small generated project where three coders code some transcripts alike.
    static func generatedStore() throws -> ProjectStore {
        let url = try ExchangeFixtures.temporaryDirectory().appendingPathComponent("generated.peerdb")
        var options = GeneratorOptions(participants: 14, codings: 800, coders: 3, seed: 5, doubleCodedShare: 0.6,
                                       disagreement: 0.2)
        // One pass over the transcripts: a second pass would have coders code the same spans
        // again with the same codes, which no exchange keeps apart.
        options.singlePass = true
        try ProjectGenerator.generate(options, to: url)
        return try ProjectStore.open(at: url)
    }

    /// Both projects, named for messages.
    static func stores() throws -> [(String, ProjectStore)] {
        [("NVivo sample", try nvivoStore()), ("generated", try generatedStore())]
    }

    /// The export of `store`, validated against the schema, read back as a model.
    static func exported(_ store: ProjectStore) throws -> QDAProject {
        try QDPXArchive.read(try ExchangeRoundTripTests.exportValidated(store))
    }

    @Test("every selection names its coder and a date, and holds only that coder's codings")
    func selectionsCarryTheirCoder() throws {
        for (name, store) in try Self.stores() {
            let project = try Self.exported(store)
            let users = Set(project.users.map(\.guid))
            let selections = project.sources.flatMap(\.selections)
            #expect(!selections.isEmpty, "\(name)")
            for selection in selections {
                let user = try #require(selection.creatingUser, "\(name): selection \(selection.guid) has no creatingUser")
                #expect(users.contains(user), "\(name): selection \(selection.guid) names an unknown user")
                #expect(QDEWriter.dateTime(selection.creationDateTime) != nil,
                        "\(name): selection \(selection.guid) has no creationDateTime")
                for coding in selection.codings {
                    #expect(coding.creatingUser == user, "\(name): selection \(selection.guid) mixes coders")
                }
            }
        }
    }

    @Test("a span several coders coded is one selection per coder, and no coder codes a span twice with one code")
    func oneSelectionPerCoder() throws {
        let store = try Self.generatedStore()
        let shared = try store.read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT segment_id FROM codings GROUP BY segment_id HAVING count(DISTINCT coder_id) > 1)
                """) ?? 0
        }
        #expect(shared > 0, "the generated project should have spans coded by several coders")
        let project = try Self.exported(store)
        var seen: Set<String> = []
        var perSpan: [String: Set<String>] = [:]
        for source in project.sources {
            for selection in source.selections {
                let span = "\(source.guid) \(selection.start) \(selection.end)"
                perSpan[span, default: []].insert(selection.creatingUser ?? "")
                for coding in selection.codings {
                    // QualCoder keeps one coding per (code, file, span, coder) and drops the rest.
                    let key = "\(span) \(coding.codeGUID) \(coding.creatingUser ?? "")"
                    #expect(seen.insert(key).inserted, "duplicate coding \(key)")
                }
            }
        }
        #expect(perSpan.values.filter { $0.count > 1 }.count == shared)
        #expect(project.codingCount == (try store.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM codings") }))
    }

    @Test("every note, the exchange metadata note included, and every source has a creation date")
    func notesAndSourcesAreDated() throws {
        for (name, store) in try Self.stores() {
            try store.write { db in
                try db.execute(sql: "INSERT INTO notes (name, text, target_kind) VALUES ('Undated', 'No date here', 'project')")
            }
            let project = try Self.exported(store)
            #expect(project.notes.contains { $0.name == ExchangeMetadata.noteName }, "\(name)")
            #expect(project.notes.contains { $0.name == "Undated" }, "\(name)")
            for note in project.notes {
                #expect(QDEWriter.dateTime(note.creationDateTime) != nil, "\(name): note \(note.name ?? note.guid) has no date")
            }
            for source in project.sources {
                #expect(QDEWriter.dateTime(source.creationDateTime) != nil, "\(name): source \(source.guid) has no date")
            }
        }
    }

    @Test("dates filled in from the project's creation time are stable and do not come back on import")
    func filledDatesRoundTrip() throws {
        let store = try Self.generatedStore()
        try store.write { db in
            try db.execute(sql: "INSERT INTO notes (name, text, target_kind) VALUES ('Undated', 'No date here', 'project')")
            try db.execute(sql: "UPDATE codings SET created_at = NULL WHERE id % 5 = 0")
        }
        let first = try Self.exported(store)
        #expect(try Self.exported(store) == first)
        let created = try store.read { db in try String.fetchOne(db, sql: "SELECT value FROM project_meta WHERE key = 'created_at'") }
        #expect(first.notes.first { $0.name == "Undated" }?.creationDateTime == created)
        let copy = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: try ExchangeRoundTripTests.exportValidated(store), into: copy)
        #expect(try ExchangeRoundTripTests.picture(copy) == ExchangeRoundTripTests.picture(store))
    }

    @Test("a generated three-coder project survives the trip exactly, and importing it again adds nothing")
    func generatedRoundTrip() throws {
        let store = try Self.generatedStore()
        let exported = try ExchangeRoundTripTests.exportValidated(store)
        let copy = try ProjectStore.inMemory()
        let report = try QDAImporter.importProject(at: exported, into: copy)
        #expect(report.dangling.isEmpty)
        #expect(report.warnings.isEmpty, "\(report.warnings)")
        #expect(try ExchangeRoundTripTests.picture(copy) == ExchangeRoundTripTests.picture(store))
        let before = try ExchangeFixtures.snapshot(copy)
        let again = try QDAImporter.importProject(at: exported, into: copy)
        #expect(again.added.isEmpty)
        #expect(try ExchangeFixtures.snapshot(copy) == before)
    }

    /// The native test project with a second code named "Lived experience", under another parent.
    static func projectWithTwinCodes() throws -> ProjectStore {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try ExchangeRoundTripTests.fillNativeProject(db)
            try Code(id: "values.hope.lived", codebook: "values", parentID: "values.hope", label: "Lived experience",
                     level: .code).insertWithMappings(db)
            var segment = Segment(documentID: "VOL2SU01", start: 36, end: 55)
            try segment.insert(db)
            var coding = Coding(segmentID: segment.id!, target: .code("values.hope.lived"), coderID: 1)
            try coding.insert(db)
        }
        return store
    }

    /// Exports `store` to `name` with `options`, validating `project.qde` against the schema
    /// when `xmllint` is here; returns the file and the export's warnings.
    static func export(_ store: ProjectStore, name: String = "export.qdpx",
                       options: QDAExportOptions) throws -> (URL, [String]) {
        let directory = try ExchangeFixtures.temporaryDirectory()
        let url = directory.appendingPathComponent(name)
        let warnings = try Exchange.export(store, to: url, options: options)
        if url.pathExtension == "qdpx", let xmllint = ExchangeFixtures.xmllint {
            let qde = directory.appendingPathComponent("project.qde")
            try ExchangeFixtures.entry("project.qde", of: url).write(to: qde)
            let (valid, message) = try ExchangeFixtures.run(xmllint, [
                "--noout", "--schema", ExchangeFixtures.url("Project.xsd").path, qde.path,
            ])
            #expect(valid == 0, "\(message)")
        }
        return (url, warnings)
    }

    @Test("two codes of one name give a warning naming them, in .qdpx and .qdc exports; unique names give none")
    func duplicateNamesWarn() throws {
        let store = try Self.projectWithTwinCodes()
        for name in ["export.qdpx", "codes.qdc"] {
            let (_, warnings) = try Self.export(store, name: name, options: QDAExportOptions())
            #expect(warnings.count == 1, "\(name): \(warnings)")
            #expect(warnings.first?.contains("2 codes are named \"Lived experience\"") == true, "\(name): \(warnings)")
            #expect(warnings.first?.contains("Relational") == true, "\(name): \(warnings)")
        }
        let plain = try ProjectStore.inMemory()
        try plain.write { db in try ExchangeRoundTripTests.fillNativeProject(db) }
        #expect(try Self.export(plain, options: QDAExportOptions()).1.isEmpty)
        #expect(try Self.export(Self.nvivoStore(), options: QDAExportOptions()).1.isEmpty)
    }

    @Test("on request, codes sharing a name get their parents' names; PeerScript's import restores the original names")
    func uniqueCodeNames() throws {
        let store = try Self.projectWithTwinCodes()
        let (url, warnings) = try Self.export(store, options: QDAExportOptions(uniqueCodeNames: true))
        #expect(warnings.isEmpty, "\(warnings)")
        let project = try QDPXArchive.read(url)
        let names = project.allCodes.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
        #expect(names.contains("Lived experience (project / Relational)"))
        #expect(names.contains("Lived experience (values / Hope)"))
        let copy = try ProjectStore.inMemory()
        _ = try QDAImporter.importProject(at: url, into: copy)
        #expect(try ExchangeRoundTripTests.picture(copy) == ExchangeRoundTripTests.picture(store))
    }

    @Test("names left equal by their parents' names are numbered")
    func numberedNames() {
        var codes = [
            QDACode(guid: "a", name: "Theme", children: [QDACode(guid: "a1", name: "Barriers"), QDACode(guid: "a2", name: "Barriers")]),
            QDACode(guid: "b", name: "Barriers (Theme)"),
        ]
        let renamed = CodeNames.makeUnique(&codes)
        let names = [codes[0].children[0].name, codes[0].children[1].name, codes[1].name]
        #expect(names == ["Barriers (Theme)", "Barriers (Theme) 2", "Barriers (Theme) 3"])
        #expect(renamed == ["a1": "Barriers", "a2": "Barriers", "b": "Barriers (Theme)"])
        #expect(CodeNames.duplicateWarnings(codes).isEmpty)
    }

    @Test("peerscript export warns about codes that share a name on standard error, and --unique-code-names renames them")
    func exportCommandWarns() throws {
        let folder = try ExchangeFixtures.temporaryDirectory()
        let project = folder.appendingPathComponent("twins.peerdb")
        let store = try ProjectStore.create(at: project)
        try store.write { db in
            try ExchangeRoundTripTests.fillNativeProject(db)
            try Code(id: "values.hope.lived", codebook: "values", parentID: "values.hope", label: "Lived experience",
                     level: .code).insertWithMappings(db)
        }
        try store.close()
        let plain = folder.appendingPathComponent("plain.qdpx").path
        let warned = try TimedPeerScript.run(["export", "--project", project.path, plain], in: folder)
        #expect(warned.status == 0 && !warned.crashed, "\(warned.stderr.prefix(500))")
        #expect(warned.stderr.contains("export: warning: 2 codes are named \"Lived experience\""), "\(warned.stderr)")
        #expect(warned.stderr.contains("--unique-code-names"))
        let unique = folder.appendingPathComponent("unique.qdpx").path
        let renamed = try TimedPeerScript.run(["export", "--unique-code-names", "--project", project.path, unique], in: folder)
        #expect(renamed.status == 0 && !renamed.crashed, "\(renamed.stderr.prefix(500))")
        #expect(!renamed.stderr.contains("warning"), "\(renamed.stderr)")
        let names = try QDPXArchive.read(URL(fileURLWithPath: unique)).allCodes.map(\.name)
        #expect(Set(names).count == names.count, "\(names)")
    }
}
