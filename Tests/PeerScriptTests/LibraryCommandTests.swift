import Foundation
import PeerScript
import Testing

@Suite("peerscript lib", .timeLimit(.minutes(3)))
struct LibraryCommandTests {
    /// A home folder of its own for each test, so installs never meet.
    private let home: TemporaryFolder
    private var environment: [String: String] { ["PEERSCRIPT_HOME": home.url.path, "PEERSCRIPT_PATH": ""] }
    private static let fixtures = PeerScriptCLI.repository.appendingPathComponent("Tests/PeerScriptTests/Fixtures/libraries")

    init() throws { home = try TemporaryFolder() }

    private func run(_ arguments: [String], in folder: URL? = nil) throws -> PeerScriptCLI.Result {
        try PeerScriptCLI.run(arguments, in: folder, environment: environment)
    }

    /// Writes a library folder `name` with the given manifest into `folder`.
    @discardableResult
    private func library(_ name: String, manifest: String, in folder: TemporaryFolder,
                         file: String = "peerlib.lua", initLua: String? = "return { answer = 42 }") throws -> URL {
        try folder.write(manifest, to: "\(name)/\(file)")
        if let initLua { try folder.write(initLua, to: "\(name)/init.lua") }
        return folder.url.appendingPathComponent(name)
    }

    @Test func installListUseAndRemoveAFolder() throws {
        let source = try TemporaryFolder()
        let folder = try library("wellbeing", manifest: #"return { name = "wellbeing", version = "1.2.0", description = "Wellbeing helpers", peerscript = "0.1.0" }"#, in: source)
        try source.write("hidden", to: "wellbeing/.git/HEAD")

        let install = try run(["lib", "install", folder.path])
        #expect(install.status == 0, "\(install.stderr)")
        let installed = home.url.appendingPathComponent("lib/wellbeing")
        #expect(install.stdout == "installed wellbeing 1.2.0 into \(installed.path)\n")
        #expect(FileManager.default.fileExists(atPath: installed.appendingPathComponent("init.lua").path))
        #expect(!FileManager.default.fileExists(atPath: installed.appendingPathComponent(".git").path))

        let use = try run(["run", "-e", #"print(require("wellbeing").answer)"#])
        #expect(use.stdout == "42\n")

        let list = try run(["lib", "list"])
        #expect(list.stdout.contains("user: \(home.url.appendingPathComponent("lib").path)\n  wellbeing 1.2.0 — Wellbeing helpers\n"))
        #expect(list.stdout.contains("shipped: "))

        let again = try run(["lib", "install", folder.path])
        #expect(again.status == 1)
        #expect(again.stderr == "peerscript: a library named 'wellbeing' is already installed at \(installed.path): remove it with `peerscript lib remove wellbeing` or install with --replace\n")
        #expect(try run(["lib", "install", "--replace", folder.path]).status == 0)

        let remove = try run(["lib", "remove", "wellbeing"])
        #expect(remove.status == 0)
        #expect(!FileManager.default.fileExists(atPath: installed.path))
        let removeAgain = try run(["lib", "remove", "wellbeing"])
        #expect(removeAgain.status == 1)
        #expect(removeAgain.stderr.contains("no library named 'wellbeing' in \(home.url.appendingPathComponent("lib").path) (none are installed)"))
    }

    @Test func installFromAZipWithATopFolder() throws {
        let install = try run(["lib", "install", Self.fixtures.appendingPathComponent("zipped.zip").path])
        #expect(install.status == 0, "\(install.stderr)")
        let tests = try run(["test", home.url.appendingPathComponent("lib/zipped").path])
        #expect(tests.stdout.hasSuffix("1 passed, 0 failed\n"))
    }

    @Test(arguments: [
        ("slip.zip", "entry 'slip/../../escaped.lua' would be written outside the library folder (it contains '..')"),
        ("absolute.zip", "entry '/tmp/peerscript-absolute-escape.lua' has an absolute path"),
        ("link.zip", "entry 'link/passwd' is a symbolic link"),
    ])
    func unsafeZipsAreRefusedWhole(zip: String, reason: String) throws {
        let result = try run(["lib", "install", Self.fixtures.appendingPathComponent(zip).path])
        #expect(result.status == 1)
        #expect(result.stderr == "peerscript: refusing \(zip): \(reason); nothing was installed\n")
        let installed = (try? FileManager.default.contentsOfDirectory(atPath: home.url.appendingPathComponent("lib").path)) ?? []
        #expect(installed.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/peerscript-absolute-escape.lua"))
    }

    @Test func manifestProblemsAreNamed() throws {
        let source = try TemporaryFolder()
        let cases: [(String, String, String, String)] = [
            ("nomanifest", "", "-", "no library manifest in "),
            ("badversion", #"return { name = "badversion", version = "1.2" }"#, "peerlib.lua",
             #"'version' is "1.2", which is not a semantic version such as "1.0.0""#),
            ("future", #"{"name": "future", "version": "1.0.0", "peerscript": "99.0.0"}"#, "peerlib.json",
             "library 'future' needs PeerScript 99.0.0 or later, but this is PeerScript "),
            ("typo", #"return { name = "typo", version = "1.0.0", dependancies = {} }"#, "peerlib.lua",
             "'dependancies' is not a manifest field"),
            ("needsother", #"return { name = "needsother", version = "1.0.0", dependencies = { absent = "1.0.0" } }"#, "peerlib.lua",
             "library 'needsother' depends on 'absent' (1.0.0 or later), which is not installed: install 'absent' first"),
            ("needsnewpeer", #"return { name = "needsnewpeer", version = "1.0.0", dependencies = { peer = "9.0.0" } }"#, "peerlib.lua",
             "library 'needsnewpeer' depends on 'peer' 9.0.0 or later, but "),
            ("peer", #"return { name = "peer", version = "9.0.0" }"#, "peerlib.lua",
             "the name 'peer' is already used by "),
            ("broken", "return {", "peerlib.lua", "cannot read the manifest "),
        ]
        for (name, manifest, file, message) in cases {
            let folder = file == "-"
                ? try library(name, manifest: "", in: source, file: "README.md")
                : try library(name, manifest: manifest, in: source, file: file)
            let result = try run(["lib", "install", folder.path])
            #expect(result.status == 1, "\(name)")
            #expect(result.stderr.hasPrefix("peerscript: "), "\(name)")
            #expect(result.stderr.contains(message), "\(name): \(result.stderr)")
        }
        let noInit = try library("noinit", manifest: #"return { name = "noinit", version = "1.0.0" }"#, in: source, initLua: nil)
        let result = try run(["lib", "install", noInit.path])
        #expect(result.stderr.contains("has no init.lua"))
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: home.url.appendingPathComponent("lib").path)) ?? []).isEmpty)
    }

    @Test func listShowsSearchOrderAndHiddenLibraries() throws {
        let extra = try TemporaryFolder()
        try library("shadow", manifest: #"return { name = "shadow", version = "2.0.0" }"#, in: extra)
        try extra.write("return 1", to: "single.lua")
        let userCopy = try TemporaryFolder()
        let folder = try library("shadow", manifest: #"return { name = "shadow", version = "1.0.0" }"#, in: userCopy)
        #expect(try run(["lib", "install", folder.path]).status == 0)

        let result = try PeerScriptCLI.run(["lib", "list"], environment: ["PEERSCRIPT_HOME": home.url.path, "PEERSCRIPT_PATH": extra.url.path])
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let pathIndex = try #require(lines.firstIndex(of: "PEERSCRIPT_PATH: \(extra.url.path)"))
        let userIndex = try #require(lines.firstIndex(of: "user: \(home.url.appendingPathComponent("lib").path)"))
        let shippedIndex = try #require(lines.firstIndex { $0.hasPrefix("shipped: ") })
        #expect(pathIndex < userIndex && userIndex < shippedIndex)
        #expect(lines[pathIndex + 1] == "  shadow 2.0.0")
        #expect(lines[pathIndex + 2] == "  single (module file)")
        #expect(lines[userIndex + 1] == "  shadow 1.0.0 [hidden by the library of the same name in PEERSCRIPT_PATH]")
        #expect(lines[shippedIndex + 1].hasPrefix("  peer "))
    }
}

@Suite("Library versions and manifests", .timeLimit(.minutes(3)))
struct LibraryManifestTests {
    @Test func semanticVersionsOrderAsTheStandardSays() {
        let ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2",
                       "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0"]
        let versions = ordered.compactMap(SemanticVersion.init)
        #expect(versions.count == ordered.count)
        for (earlier, later) in zip(versions, versions.dropFirst()) { #expect(earlier < later, "\(earlier) < \(later)") }
        #expect(SemanticVersion("1.0.0+build.5") == SemanticVersion("1.0.0"))
        for bad in ["1.0", "01.0.0", "1.0.0-", "1.0.0-01", "v1.0.0", "1.0.0.0", ""] {
            #expect(SemanticVersion(bad) == nil, "\(bad)")
        }
    }

    @Test func requirementsAcceptLaterVersions() throws {
        let requirement = try #require(VersionRequirement(">= 0.2.0"))
        #expect(requirement.accepts(SemanticVersion(0, 2, 0)))
        #expect(requirement.accepts(SemanticVersion(1, 0, 0)))
        #expect(!requirement.accepts(SemanticVersion(0, 1, 9)))
        #expect(VersionRequirement("*")?.accepts(SemanticVersion(0, 0, 1)) == true)
        #expect(VersionRequirement("^1.0.0") == nil)
    }

    @Test func luaAndJSONManifestsReadAlike() throws {
        let folder = try TemporaryFolder()
        try folder.write(#"return { name = "a", version = "1.0.0", description = "d", peerscript = "0.1.0", dependencies = { peer = ">=0.1.0" } }"#,
                         to: "a/peerlib.lua")
        try folder.write(#"{"name": "a", "version": "1.0.0", "description": "d", "peerscript": "0.1.0", "dependencies": {"peer": ">=0.1.0"}}"#,
                         to: "b/peerlib.json")
        let lua = try #require(try LibraryManifest.load(fromFolder: folder.url.appendingPathComponent("a")))
        let json = try #require(try LibraryManifest.load(fromFolder: folder.url.appendingPathComponent("b")))
        #expect(lua == json)
        #expect(lua.dependencies == ["peer": VersionRequirement(minimum: SemanticVersion(0, 1, 0))])
    }

    @Test func aLuaManifestCannotRunAway() throws {
        let folder = try TemporaryFolder()
        try folder.write("while true do end", to: "loop/peerlib.lua")
        #expect(throws: LibraryError.self) { try LibraryManifest.load(fromFolder: folder.url.appendingPathComponent("loop")) }
        try folder.write(#"return { name = "x", version = "1.0.0", description = os.getenv("HOME") }"#, to: "env/peerlib.lua")
        #expect(throws: LibraryError.self) { try LibraryManifest.load(fromFolder: folder.url.appendingPathComponent("env")) }
    }
}
