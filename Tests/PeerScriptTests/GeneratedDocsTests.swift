import Foundation
@testable import PeerScript
import StudyModel
import Testing

@Suite("The generated API files match the registrations", .timeLimit(.minutes(3)))
struct GeneratedDocsTests {
    let reference = APIReference.current

    func committed(_ path: String) throws -> String {
        let url = PeerScriptCLI.repository.appendingPathComponent(path)
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    @Test func referenceManualIsCurrent() throws {
        #expect(try committed(APIReference.markdownPath) == reference.markdown(),
                "docs/lua-api.md is stale: run `swift run peerscript docs --write`")
    }

    @Test func editorDefinitionsAreCurrent() throws {
        #expect(try committed(APIReference.definitionsPath) == reference.luaDefinitions(),
                "Scripts/meta/peerscript.d.lua is stale: run `swift run peerscript docs --write`")
    }

    @Test func everyMemberIsDocumented() {
        for group in reference.modules + reference.classes {
            #expect(!group.summary.isEmpty, "\(group.name) has no summary")
            for member in group.members {
                #expect(!member.summary.isEmpty, "\(group.name).\(member.name) has no summary")
                if member.kind != .field {
                    #expect(member.example != nil, "\(group.name).\(member.name) has no example")
                }
            }
        }
    }

    @Test func everyInstalledGlobalIsDocumented() throws {
        let session = try ScriptSession(options: ScriptOptions(), scriptFolder: nil)
        for module in reference.modules {
            let type = try session.evaluate("return type(\(module.name))")
            #expect(type == ["table"], "\(module.name) is documented but not installed")
        }
    }

    @Test func lookupFindsMembersByEitherSeparator() throws {
        #expect(reference.lookup("taxonomy.get")?.member?.name == "get")
        #expect(reference.lookup("BCTGroup:techniques")?.member?.kind == .method)
        #expect(reference.lookup("BCT")?.group.kind == .class)
        #expect(reference.lookup("nothing.here") == nil)
    }
}
