import Foundation
import ZIPFoundation

/// Reads a REFI-QDA project archive (`.qdpx`): a zip holding `project.qde` and a folder of source
/// files, which producers name `sources/` or `Sources/`.
///
/// The result is a ``QDAProject`` whose text sources and notes carry their text, with any
/// byte-order mark removed and line endings as written.
public enum QDPXArchive {
    /// Reads the archive at `url`, unpacking at most `maxUncompressedBytes` in all (by default
    /// ``ByteLimit/defaultImportMegabytes``); entries the import does not use are not unpacked.
    public static func read(_ url: URL,
                            maxUncompressedBytes: Int64 = ByteLimit.bytes(megabytes: ByteLimit.defaultImportMegabytes))
        throws -> QDAProject {
        let file = url.lastPathComponent
        try ImportFile.requireRegularFile(url)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ExchangeError.unreadableFile(file: url.path, reason: "no such file, or no permission to read it")
        }
        var budget = ZipBudget(limit: maxUncompressedBytes)
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw ExchangeError.notAZip(file: file)
        }
        let entries = Array(archive)
        guard let projectEntry = projectFileEntry(in: entries) else {
            throw ExchangeError.missingProjectFile(file: file)
        }
        let projectData = try contents(of: projectEntry, in: archive, file: file, budget: &budget)
        var project = try QDEReader(file: "\(file):\(projectEntry.path)").readProject(projectData)
        let locator = SourceLocator(entries: entries, projectEntry: projectEntry)
        for index in project.sources.indices {
            project.sources[index].text = try text(of: project.sources[index], archive: archive,
                                                   locator: locator, file: file, budget: &budget)
        }
        for index in project.notes.indices {
            guard let path = project.notes[index].plainTextPath,
                  project.notes[index].text.isEmpty,
                  let entry = locator.entry(for: path) else { continue }
            let data = try contents(of: entry, in: archive, file: file, budget: &budget)
            project.notes[index].text = try SourceText.decode(data, file: "\(file):\(entry.path)")
        }
        return project
    }

    /// `project.qde` at the top of the archive, or, failing that, the only one anywhere in it
    /// (some tools zip the folder that holds the project rather than its contents).
    private static func projectFileEntry(in entries: [Entry]) -> Entry? {
        let files = entries.filter { $0.type == .file }
        if let top = files.first(where: { $0.path.lowercased() == "project.qde" }) { return top }
        let nested = files.filter { $0.path.lowercased().hasSuffix("/project.qde") }
        return nested.count == 1 ? nested[0] : nil
    }

    /// The source's text: the file its path names when that file is in the archive, else the
    /// inline `PlainTextContent`.
    private static func text(of source: QDATextSource, archive: Archive, locator: SourceLocator,
                             file: String, budget: inout ZipBudget) throws -> String {
        if let path = source.plainTextPath, let entry = locator.entry(for: path) {
            let data = try contents(of: entry, in: archive, file: file, budget: &budget)
            return try SourceText.decode(data, file: "\(file):\(entry.path)")
        }
        if let inline = source.plainTextContent {
            return SourceText.removingLeadingBOM(inline)
        }
        let label = source.name.map { "\"\($0)\" (\(source.guid))" } ?? source.guid
        throw ExchangeError.missingSourceText(file: file, source: label, path: source.plainTextPath)
    }

    static func contents(of entry: Entry, in archive: Archive, file: String, budget: inout ZipBudget) throws -> Data {
        do {
            return try budget.contents(of: entry, in: archive)
        } catch let exceeded as ZipBudget.Exceeded {
            throw ExchangeError.archiveTooLarge(file: file, entry: exceeded.entry, limitBytes: exceeded.limit)
        } catch {
            throw ExchangeError.unreadableFile(file: "\(file):\(entry.path)", reason: "damaged zip entry (\(error))")
        }
    }
}

/// Finds the archive entry a source path names. `internal://NAME` means NAME in the sources folder,
/// whatever the folder's capitalisation; other schemes (`relative://`, `file://`) are tried by
/// their last path component in the same folder, which is where exporters copy the files.
private struct SourceLocator {
    private var byLowercasedPath: [String: Entry] = [:]
    private var sourceFolderFiles: [String: Entry] = [:]
    private let base: String

    init(entries: [Entry], projectEntry: Entry) {
        let projectPath = projectEntry.path
        base = projectPath.contains("/") ? String(projectPath[..<projectPath.lastIndex(of: "/")!]) + "/" : ""
        for entry in entries where entry.type == .file {
            byLowercasedPath[entry.path.lowercased()] = entry
            let relative = entry.path.hasPrefix(base) ? String(entry.path.dropFirst(base.count)) : entry.path
            let parts = relative.split(separator: "/", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "sources" {
                sourceFolderFiles[String(parts[1])] = entry
            }
        }
    }

    func entry(for path: String) -> Entry? {
        let name: String
        if let range = path.range(of: "://") {
            name = String(path[range.upperBound...])
        } else {
            name = path
        }
        let decoded = name.removingPercentEncoding ?? name
        for candidate in [decoded, name] {
            if let entry = sourceFolderFiles[candidate] { return entry }
            if let entry = byLowercasedPath[(base + "sources/" + candidate).lowercased()] { return entry }
            if let entry = byLowercasedPath[(base + candidate).lowercased()] { return entry }
        }
        let lastComponent = decoded.split(separator: "/").last.map(String.init) ?? decoded
        return sourceFolderFiles[lastComponent]
    }
}
