import CorpusGenerator
import CorpusQuery
import Foundation
import LuaBridge
import ProjectStorage
import StudyModel

/// What the API functions of one session share: the options, the output folder, the frameworks
/// (with any extensions the script added) and the corpus, opened on first use.
final class APIContext {
    let options: ScriptOptions
    let output: OutputFolder
    /// The folders a sandboxed script may read from (its own folder and the library folders).
    let readableFolders: [String]
    /// When native queries stop and which results they refuse (set by the session).
    var limits: RunLimits = .none
    /// BCTTv1, the relational group, the extensions the project stores (once it is opened) and
    /// those the script added.
    private(set) lazy var taxonomy: Taxonomy = .standard
    /// Whether `taxonomy` holds the project's stored extensions yet.
    private var storedExtensionsLoaded = false
    private(set) lazy var principles: PrinciplesFramework = .standard
    private var store: ProjectStore?
    private var snapshot: CorpusSnapshot?
    private var projectCodebooks: [Codebook]?
    /// The run's writes and the change set they make.
    private(set) lazy var writer = ProjectWriter(context: self)
    /// Where the demo-corpus note goes; tests replace it to keep their output clean.
    var notice: (String) -> Void = { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }

    init(options: ScriptOptions, output: OutputFolder, readableFolders: [String]) {
        self.options = options
        self.output = output
        self.readableFolders = readableFolders
    }

    /// The project store: the `--project` file, or the synthetic demo corpus built in memory.
    func projectStore() throws -> ProjectStore {
        if let store { return store }
        let opened: ProjectStore
        if let path = options.projectPath {
            opened = try ProjectStore.open(at: URL(fileURLWithPath: path), readOnly: !options.changes.allowsWrites)
        } else {
            notice(options.demoCorpusNotice)
            opened = try DemoCorpus.makeStore()
        }
        try writer.begin(on: opened)
        store = opened
        return opened
    }

    /// Forgets what was loaded from the project, so that the next query sees a change.
    func projectChanged() {
        snapshot = nil
        projectCodebooks = nil
        storedExtensionsLoaded = false
    }

    /// The corpus loaded into columns, once per session.
    func corpus() throws -> CorpusSnapshot {
        if let snapshot { return snapshot }
        let loaded = try CorpusSnapshot.load(from: try projectStore(), taxonomy: try currentTaxonomy(), principles: principles)
        snapshot = loaded
        return loaded
    }

    /// The built-in codebooks, then the project's own (those whose ids differ). A project that
    /// stores a built-in codebook has its own copy used instead, since scripts may have
    /// changed it (added, renamed or mapped codes).
    func codebooks() throws -> [Codebook] {
        if projectCodebooks == nil {
            projectCodebooks = try projectStore().read { try Codebook.fetchAll($0) }
        }
        let builtIn = Codebook.builtIn
        let builtInIDs = Set(builtIn.map(\.id))
        let stored = Dictionary((projectCodebooks ?? []).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return builtIn.map { stored[$0.id] ?? $0 } + (projectCodebooks ?? []).filter { !builtInIDs.contains($0.id) }
    }

    /// The taxonomy with the extensions the `--project` file stores. Without a project file
    /// there are none to read, and the demo corpus is not built just to find that out.
    func currentTaxonomy() throws -> Taxonomy {
        guard !storedExtensionsLoaded else { return taxonomy }
        if options.projectPath != nil {
            taxonomy = try taxonomy.merged(withExtensionsIn: try projectStore())
            snapshot = nil
        }
        storedExtensionsLoaded = true
        return taxonomy
    }

    /// The technique with this number, or an error suggesting close numbers.
    func technique(_ id: String) throws -> BCT {
        let taxonomy = try currentTaxonomy()
        guard let bct = taxonomy.bct(id) else {
            throw LuaScriptError("unknown BCT '\(id)'" + hint(id, taxonomy.techniques.map(\.id)))
        }
        return bct
    }

    /// Adds the extension given as argument 1 (a table, or a JSON file inside the script's
    /// readable folders) and returns the groups it added.
    func extendTaxonomy(with call: LuaCall) throws -> [BCTGroup] {
        let addition = try taxonomyExtension(from: call)
        try merge(addition)
        return addition.groups
    }

    /// Adds an extension to the session's taxonomy. Merging rather than extending: repeating
    /// an extension the project already stores (or one this script added before) changes
    /// nothing instead of failing.
    func merge(_ addition: TaxonomyExtension) throws {
        taxonomy = try currentTaxonomy().merged(with: addition).taxonomy
        snapshot = nil
    }

    /// The extension given as argument 1: a table, or a JSON file the script may read.
    func taxonomyExtension(from call: LuaCall) throws -> TaxonomyExtension {
        let addition: TaxonomyExtension
        if call.typeName(1) == "table" {
            guard let dictionary = try call.table(1).jsonObject as? [String: Any] else {
                throw call.argumentError(1, "expected a table with 'framework' and 'groups'")
            }
            addition = try TaxonomyExtension(dictionary: dictionary, source: "the table passed to taxonomy.extend")
        } else {
            let path = try call.string(1)
            let url = try readableFile(path)
            addition = try TaxonomyExtension(json: try Data(contentsOf: url), source: path)
        }
        return addition
    }

    /// A file a script may read: inside its library search path (or anywhere when trusted).
    func readableFile(_ path: String) throws -> URL {
        if options.trusted { return URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath() }
        return URL(fileURLWithPath: try ScriptEnvironment.readablePath(path, within: readableFolders,
                                                                       advice: options.sandboxAdvice))
    }
}
