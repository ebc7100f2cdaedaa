import Foundation
import LuaBridge
import Testing

/// The Lua chunks compiled into the targets are kept as `.lua` files under `Sources`.
@Suite(.timeLimit(.minutes(3)))
struct EmbeddedLuaTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `.lua` files under `Sources`, as paths relative to the repository's root.
    static func sourceLuaFiles() -> [String] {
        let sources = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "lua" } ?? []
        return files.map { String($0.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1)) }.sorted()
    }

    @Test func everyLuaFileUnderSourcesIsEmbedded() throws {
        let manifest = try String(contentsOf: Self.root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let files = Self.sourceLuaFiles()
        #expect(files.count >= 3)
        let declared = manifest.components(separatedBy: ".embedInCode(\"").count - 1
        #expect(declared == files.count)
        for file in files {
            let inTarget = file.split(separator: "/").dropFirst(2).joined(separator: "/")
            #expect(manifest.contains(".embedInCode(\"\(inTarget)\")"), "\(file) is not embedded")
        }
    }

    @Test func everyEmbeddedLuaFileCompiles() throws {
        for file in Self.sourceLuaFiles() {
            let bytes = try [UInt8](Data(contentsOf: Self.root.appendingPathComponent(file)))
            let state = LuaState()
            #expect(throws: Never.self, "\(file)") {
                try state.load(EmbeddedLua.chunk(bytes), chunkName: "@" + file)
            }
        }
    }

    @Test func chunkDropsOnlyTheClosingLineEnd() {
        #expect(EmbeddedLua.chunk(Array("return 1\n".utf8)) == Array("return 1".utf8))
        #expect(EmbeddedLua.chunk(Array("return 1\n\n".utf8)) == Array("return 1\n".utf8))
        #expect(EmbeddedLua.chunk(Array("return 1".utf8)) == Array("return 1".utf8))
        #expect(EmbeddedLua.chunk([]) == [])
    }
}
