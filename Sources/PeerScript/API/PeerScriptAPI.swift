import Foundation
import LuaBridge
import StudyModel

/// Everything PeerScript adds to Lua, in one place: the globals and the classes.
enum PeerScriptAPI {
    static func modules(_ context: APIContext) -> [APIModule] {
        [
            FrameworksAPI.taxonomyModule(context),
            FrameworksAPI.principlesModule(context),
            FrameworksAPI.codebookModule(context),
            CorpusAPI.corpusModule(context),
            StatsAPI.statsModule(context),
            ChartsAPI.reportModule(context),
            TableAPI.tableModule(context),
            WriteAPI.projectModule(context),
            peerscriptModule(context),
        ]
    }

    static func classes(_ context: APIContext) -> [APIClassRegistration] {
        FrameworksAPI.classes() + CorpusAPI.classes(context) + [AgreementAPI.agreementClass(context)]
            + ChartsAPI.classes(context)
    }

    /// Registers the classes and installs the globals into a session's state.
    static func install(into state: LuaState, environment: ScriptEnvironment, context: APIContext) throws {
        for registration in classes(context) { registration.register(in: state) }
        for module in modules(context) { try module.install(in: state, environment: environment) }
    }

    /// The documentation of the API, gathered from the registrations themselves.
    static let reference: APIReference = {
        let context = APIContext(options: ScriptOptions(), output: OutputFolder(root: URL(fileURLWithPath: ".")),
                                 readableFolders: [])
        return APIReference(modules: modules(context).map(\.doc), classes: classes(context).map(\.doc))
    }()

    static func peerscriptModule(_ context: APIContext) -> APIModule {
        let module = APIModule("peerscript", "Facts about the running tool, and plain file output.")
        module.field(.field("version", "string", "The PeerScript version, such as \"0.1.0\".")) { $0.push(peerScriptVersion) }
        module.field(.field("project", "string?", "The path of the project file given with --project, or nil for the demo corpus.")) {
            $0.push(context.options.projectPath)
        }
        module.field(.field("output", "string", "The folder output files are written to (--out, default ./output in the current folder).")) {
            $0.push(context.output.root.path)
        }
        module.field(.field("trusted", "boolean", "True when the script runs with --trusted (no sandbox).")) {
            $0.push(context.options.trusted)
        }
        module.function(APIDoc("write", "Writes text to a file inside the output folder, replacing it.",
                               parameters: [.init("name", "string", "the file's name, relative to the output folder"),
                                            .init("text", "string", "what to write")],
                               returns: [.init("string", "the full path written")],
                               example: ##"peerscript.write("notes.md", "# Findings\n")"##)) { call in
            let name = try call.string(1)
            let url = try context.output.write(Data(try call.string(2).utf8), to: name)
            call.stack.push(url.path)
            return 1
        }
        return module
    }
}
