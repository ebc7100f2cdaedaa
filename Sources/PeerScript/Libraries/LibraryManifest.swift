import Foundation
import LuaBridge
import StudyModel

/// What a library says about itself, in `peerlib.lua` (a chunk returning a table) or
/// `peerlib.json` (an object) at the top of its folder:
///
/// ```lua
/// return {
///   name = "wellbeing",                 -- the folder name `require` uses
///   version = "1.2.0",                  -- semantic version
///   description = "Wellbeing scales and their BCT links",
///   peerscript = "0.1.0",               -- lowest PeerScript version it runs on
///   dependencies = { peer = "0.1.0" },  -- other libraries and their lowest versions
/// }
/// ```
public struct LibraryManifest: Sendable, Hashable {
    /// The manifest file names, in the order they are looked for.
    public static let fileNames = ["peerlib.lua", "peerlib.json"]
    /// The fields a manifest may have.
    static let fieldNames = ["name", "version", "description", "peerscript", "dependencies"]

    /// The library's name: its folder's name, and the first part of `require` names.
    public var name: String
    /// The library's version.
    public var version: SemanticVersion
    /// One line on what it offers.
    public var description: String?
    /// The PeerScript versions it runs on.
    public var peerscript: VersionRequirement
    /// Other libraries it uses, with the versions it accepts.
    public var dependencies: [String: VersionRequirement]

    /// Makes a manifest from its parts.
    public init(name: String, version: SemanticVersion, description: String? = nil,
                peerscript: VersionRequirement = VersionRequirement(minimum: nil),
                dependencies: [String: VersionRequirement] = [:]) {
        self.name = name
        self.version = version
        self.description = description
        self.peerscript = peerscript
        self.dependencies = dependencies
    }

    /// Whether `name` can name a library: an identifier, since it is a `require` name part.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !(first.properties.numericType != nil) else { return false }
        return name.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_") }
    }

    /// The manifest in `folder`, or nil when the folder has none.
    public static func load(fromFolder folder: URL) throws -> LibraryManifest? {
        let present = fileNames.map { folder.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
        guard let file = present.first else { return nil }
        guard present.count == 1 else { throw LibraryError.twoManifests(folder: folder.path) }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw LibraryError.unreadableManifest(file: file.path, reason: "the file cannot be read")
        }
        let fields = file.pathExtension == "json" ? try jsonFields(data, file: file.path) : try luaFields(data, file: file.path)
        return try LibraryManifest(fields: fields, file: file.path)
    }

    /// Reads and checks the fields of a manifest file.
    init(fields: [String: ManifestValue], file: String) throws {
        func invalid(_ field: String, _ problem: String) -> LibraryError {
            .invalidManifest(file: file, field: field, problem: problem)
        }
        for key in fields.keys.sorted() where !Self.fieldNames.contains(key) {
            throw invalid(key.excerpt, "is not a manifest field (fields are: \(Self.fieldNames.joined(separator: ", ")))")
        }
        guard let name = fields["name"]?.string else { throw invalid("name", "must be a string, such as \"wellbeing\"") }
        guard Self.isValidName(name) else {
            throw invalid("name", "must be letters, digits and '_', not starting with a digit (it is the name `require` uses)")
        }
        guard let versionText = fields["version"]?.string else { throw invalid("version", "must be a string, such as \"1.0.0\"") }
        guard let version = SemanticVersion(versionText) else {
            throw invalid("version", "is \"\(versionText.excerpt)\", which is not a semantic version such as \"1.0.0\"")
        }
        var description: String?
        if let value = fields["description"] {
            guard let text = value.string else { throw invalid("description", "must be a string") }
            description = text
        }
        var peerscript = VersionRequirement(minimum: nil)
        if let value = fields["peerscript"] {
            guard let text = value.string, let requirement = VersionRequirement(text) else {
                throw invalid("peerscript", "must be the lowest PeerScript version it runs on, such as \"0.1.0\"")
            }
            peerscript = requirement
        }
        self.init(name: name, version: version, description: description, peerscript: peerscript,
                  dependencies: try Self.dependencies(fields["dependencies"], invalid: invalid))
    }

    private static func dependencies(_ value: ManifestValue?,
                                     invalid: (String, String) -> LibraryError) throws -> [String: VersionRequirement] {
        let shape = "must map library names to their lowest versions, such as { peer = \"0.1.0\" }, or list names"
        var result: [String: VersionRequirement] = [:]
        switch value {
        case nil:
            break
        case .list(let names)?:
            for name in names { result[name] = VersionRequirement(minimum: nil) }
        case .map(let entries)?:
            for (name, text) in entries {
                guard let requirement = VersionRequirement(text) else {
                    throw invalid("dependencies", "has \"\(text.excerpt)\" for '\(name.excerpt)', which is not a version such as \"1.0.0\"")
                }
                result[name] = requirement
            }
        default:
            throw invalid("dependencies", shape)
        }
        for name in result.keys.sorted() where !isValidName(name) {
            throw invalid("dependencies", "names '\(name.excerpt)', which is not a library name")
        }
        return result
    }

    // MARK: Reading the two formats

    /// A manifest value, from Lua or JSON, in the few shapes manifests use.
    enum ManifestValue: Equatable {
        case string(String)
        case list([String])
        case map([String: String])
        case other(String)

        var string: String? {
            if case .string(let text) = self { return text }
            return nil
        }
    }

    /// Runs `peerlib.lua` in a bare state (no libraries, small limits) and reads the table it returns.
    static func luaFields(_ data: Data, file: String) throws -> [String: ManifestValue] {
        let state = LuaState(memoryLimit: 8 << 20)
        let watchdog = Watchdog(state: state, seconds: 2)
        defer { watchdog.cancel() }
        let results: [LuaValue]
        do {
            results = try state.run(String(decoding: data, as: UTF8.self), chunkName: "@" + file)
        } catch let error as LuaError {
            throw LibraryError.unreadableManifest(file: file, reason: error.message)
        }
        guard case .table(let entries)? = results.first else {
            throw LibraryError.unreadableManifest(
                file: file, reason: "it must return a table, such as `return { name = \"mylib\", version = \"1.0.0\" }`")
        }
        var fields: [String: ManifestValue] = [:]
        for (key, value) in entries {
            guard let name = key.stringValue else {
                throw LibraryError.unreadableManifest(file: file, reason: "its table may hold only named fields")
            }
            fields[name] = manifestValue(value)
        }
        return fields
    }

    private static func manifestValue(_ value: LuaValue) -> ManifestValue {
        switch value {
        case .string(let text):
            return .string(text)
        case .table(let entries):
            if entries.isEmpty { return .map([:]) }
            if let items = value.arrayValues, items.count == entries.count {
                let names = items.compactMap(\.stringValue)
                return names.count == items.count ? .list(names) : .other("table")
            }
            var map: [String: String] = [:]
            for (key, item) in entries {
                guard let name = key.stringValue, let text = item.stringValue else { return .other("table") }
                map[name] = text
            }
            return .map(map)
        default:
            return .other(value.typeName)
        }
    }

    static func jsonFields(_ data: Data, file: String) throws -> [String: ManifestValue] {
        let dictionary = try JSONObjectText.object(data, notAnObject: "it must hold a JSON object") { reason in
            LibraryError.unreadableManifest(file: file, reason: reason)
        }
        return dictionary.mapValues { value in
            if let text = value as? String { return .string(text) }
            if let names = value as? [String] { return .list(names) }
            if let map = value as? [String: String] { return .map(map) }
            if let map = value as? [String: Any], map.isEmpty { return .map([:]) }
            return .other(String(describing: type(of: value)))
        }
    }
}
