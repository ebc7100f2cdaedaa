import Foundation

/// Where scripts may write files.
///
/// In the sandbox a name is a path inside one folder: no part of it may start with a dot (no
/// `.git`, no `..`), and no symbolic link inside the folder is followed, so a script can neither
/// leave the folder nor plant hidden files such as `.git/config`. Every file is written new:
/// the text goes to a fresh temporary file (mode 0644, less the umask) in the same folder, which
/// then replaces the target, so the mode of an old file, or a hard or symbolic link at its name,
/// is never kept or written through. Trusted scripts may write anywhere, and are written new
/// too unless the name is an existing link, device or pipe.
public struct OutputFolder: Sendable {
    /// The folder files are written to; it is made on the first write.
    public let root: URL
    /// Whether paths outside `root` are allowed (trusted scripts).
    public let unrestricted: Bool
    /// Whether `root` itself may be a symbolic link (a folder the user named); when false, as
    /// for the default folder, a link at its name is refused like any link inside it.
    public let rootMayBeLink: Bool
    /// How refusals say to lift the sandbox or choose another folder.
    public let advice: SandboxAdvice

    /// An output folder at `root`.
    public init(root: URL, unrestricted: Bool = false, rootMayBeLink: Bool = true, advice: SandboxAdvice = .neutral) {
        self.root = root.standardizedFileURL
        self.unrestricted = unrestricted
        self.rootMayBeLink = rootMayBeLink
        self.advice = advice
    }

    /// Writes `data` to a new file `name`, replacing any file of that name.
    ///
    /// - Returns: the file written.
    @discardableResult
    public func write(_ data: Data, to name: String) throws -> URL {
        try write(name) { _ in data }
    }

    /// Writes what `contents` makes for the file `name` (given its location, so it can choose a
    /// format by extension) to a new file, once the name has been checked.
    ///
    /// - Returns: the file written.
    @discardableResult
    public func write(_ name: String, contents: (URL) throws -> Data) throws -> URL {
        guard !name.isEmpty else { throw LuaScriptError("the file name is empty") }
        guard !name.contains("\0") else { throw refusal(name, "the name holds a NUL character") }
        if unrestricted { return try writeAnywhere(name, contents: contents) }
        let parts = try checkedParts(of: name)
        let url = root.appendingPathComponent(parts.joined(separator: "/"))
        let data = try contents(url)
        do {
            if rootMayBeLink {
                try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
                try Self.writeNewFile(data, at: parts, under: root)
            } else {
                try Self.writeNewFile(data, at: [root.lastPathComponent] + parts, under: root.deletingLastPathComponent())
            }
        } catch let problem as FolderWriteProblem {
            throw refusal(name, problem.description + (problem.isLink ? " (\(advice.allowIt))" : ""))
        }
        return url
    }

    /// The parts of a sandboxed name below `root`, or an error saying why it is refused.
    private func checkedParts(of name: String) throws -> [String] {
        var relative = Substring(name)
        if name.hasPrefix("/") {
            // An absolute name is accepted only when it spells a place inside the folder.
            let prefixes = [root.path, ScriptEnvironment.canonical(root.path)].map { $0 + "/" }
            guard let prefix = prefixes.first(where: { name.hasPrefix($0) }) else { throw outside(name) }
            relative = name.dropFirst(prefix.count)
        }
        let parts = relative.split(separator: "/").map(String.init).filter { $0 != "." }
        if parts.contains("..") { throw outside(name) }
        if let hidden = parts.first(where: { $0.hasPrefix(".") }) {
            throw refusal(name, "'\(hidden)' starts with a dot; scripts may not write hidden files or leave the output folder \(root.path) (\(advice.allowIt))")
        }
        guard !parts.isEmpty, !name.hasSuffix("/") else { throw refusal(name, "the name is a folder, not a file") }
        return parts
    }

    /// A trusted write: any path, folders made as needed, links in folders followed.
    private func writeAnywhere(_ name: String, contents: (URL) throws -> Data) throws -> URL {
        let url = name.hasPrefix("/")
            ? URL(fileURLWithPath: name).standardizedFileURL
            : root.appendingPathComponent(name).standardizedFileURL
        let data = try contents(url)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var info = stat()
        if lstat(url.path, &info) == 0, !Self.isKind(info, S_IFREG), !Self.isKind(info, S_IFDIR) {
            // A link, device or pipe the script names on purpose is written through.
            try data.write(to: url)
            return url
        }
        do {
            let descriptor = try Self.open(folder.path)
            defer { close(descriptor) }
            try Self.replaceFile(url.lastPathComponent, in: descriptor, with: data)
        } catch let problem as FolderWriteProblem {
            throw refusal(name, problem.description)
        }
        return url
    }

    private func refusal(_ name: String, _ reason: String) -> LuaScriptError {
        LuaScriptError("cannot write '\(name)': \(reason)")
    }

    private func outside(_ name: String) -> LuaScriptError {
        refusal(name, "scripts write only inside the output folder \(root.path) (\(advice.chooseOutputFolder), or \(advice.liftRestriction))")
    }
}

/// Why a file could not be written below a folder.
public enum FolderWriteProblem: Error, CustomStringConvertible {
    /// A part of the path (given as the path up to it) is a symbolic link.
    case symbolicLink(String)
    /// A part of the path that should be a folder is something else.
    case notAFolder(String)
    /// The name is an existing folder.
    case isAFolder
    /// The system refused: what was being done, and its reason.
    case system(String, String)

    /// Whether the problem is a link that was not followed.
    public var isLink: Bool {
        if case .symbolicLink = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .symbolicLink(let path): "'\(path)' is a symbolic link, and files are written without following links"
        case .notAFolder(let path): "'\(path)' is a file, not a folder"
        case .isAFolder: "a folder of that name is there"
        case let .system(action, reason): "cannot \(action): \(reason)"
        }
    }
}

extension OutputFolder {
    /// Writes `data` to a new file at `parts` below `folder` (which must exist): missing folders
    /// are made, and no symbolic link below `folder` is followed, since each part is opened
    /// relative to the one before it with `O_NOFOLLOW`.
    public static func writeNewFile(_ data: Data, at parts: [String], under folder: URL) throws {
        guard let file = parts.last else { throw FolderWriteProblem.isAFolder }
        var descriptor = try open(folder.path)
        defer { close(descriptor) }
        for index in parts.indices.dropLast() {
            let next = try openFolder(parts[index], in: descriptor, shown: parts[...index].joined(separator: "/"))
            close(descriptor)
            descriptor = next
        }
        try replaceFile(file, in: descriptor, with: data)
    }

    static func open(_ path: String) throws -> Int32 {
        let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw systemProblem("open the folder \(path)") }
        return descriptor
    }

    /// Opens (making it when missing) the folder `part` inside the folder open as `parent`.
    private static func openFolder(_ part: String, in parent: Int32, shown: String) throws -> Int32 {
        let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC
        var descriptor = openat(parent, part, flags)
        if descriptor < 0, errno == ENOENT {
            guard mkdirat(parent, part, 0o755) == 0 || errno == EEXIST else { throw systemProblem("make the folder '\(shown)'") }
            descriptor = openat(parent, part, flags)
        }
        if descriptor >= 0 { return descriptor }
        let problem = systemProblem("open the folder '\(shown)'")
        var info = stat()
        if fstatat(parent, part, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            if isKind(info, S_IFLNK) { throw FolderWriteProblem.symbolicLink(shown) }
            if !isKind(info, S_IFDIR) { throw FolderWriteProblem.notAFolder(shown) }
        }
        throw problem
    }

    /// Writes `data` to a fresh temporary file in the folder open as `folder`, then renames it
    /// to `name`, replacing whatever entry had that name (never writing through it).
    static func replaceFile(_ name: String, in folder: Int32, with data: Data) throws {
        var info = stat()
        if fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) == 0, isKind(info, S_IFDIR) {
            throw FolderWriteProblem.isAFolder
        }
        let (temporary, descriptor) = try createTemporaryFile(in: folder)
        var written = writeAll(data, to: descriptor)
        var problem = written ? nil : systemProblem("write '\(name)'")
        if close(descriptor) != 0, written {
            written = false
            problem = systemProblem("write '\(name)'")
        }
        if written, renameat(folder, temporary, folder, name) == 0 { return }
        let failure = problem ?? systemProblem("replace '\(name)'")
        unlinkat(folder, temporary, 0)
        throw failure
    }

    /// A new, empty file with a random hidden name (scripts can never name it themselves).
    private static func createTemporaryFile(in folder: Int32) throws -> (String, Int32) {
        for _ in 0..<100 {
            let name = ".peerscript-\(String(UInt64.random(in: 0...UInt64.max), radix: 36)).tmp"
            let descriptor = openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (name, descriptor) }
            guard errno == EEXIST else { break }
        }
        throw systemProblem("create a temporary file")
    }

    private static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += count
            }
            return true
        }
    }

    static func isKind(_ info: stat, _ kind: mode_t) -> Bool {
        info.st_mode & S_IFMT == kind
    }

    private static func systemProblem(_ action: String) -> FolderWriteProblem {
        .system(action, String(cString: strerror(errno)))
    }
}
