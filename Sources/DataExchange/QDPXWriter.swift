import Foundation
import ZIPFoundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a REFI-QDA project archive: `project.qde` plus one UTF-8 text file per source in
/// `sources/`, named after the source's GUID and referenced as `internal://GUID.txt`.
///
/// The archive is assembled in a temporary file next to the destination and moved into place at
/// the end, so an interrupted export never leaves a half-written file under the requested name.
public enum QDPXWriter {
    /// Writes `project` to `url`. Each source's ``QDATextSource/text`` becomes its file; the
    /// source's `plainTextPath` is set to match.
    public static func write(_ project: QDAProject, to url: URL) throws {
        var project = project
        var files: [(path: String, data: Data)] = []
        for index in project.sources.indices {
            let source = project.sources[index]
            let name = source.guid + ".txt"
            files.append(("sources/" + name, Data((source.text ?? source.plainTextContent ?? "").utf8)))
            project.sources[index].plainTextPath = "internal://" + name
            project.sources[index].plainTextContent = nil
        }
        let xml = Data(QDEWriter.project(project).utf8)
        try writeArchive(to: url, entries: [("project.qde", xml)] + files)
    }

    /// Writes a zip of `entries` (deflated) to `url` through a temporary file.
    static func writeArchive(to url: URL, entries: [(path: String, data: Data)]) throws {
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            let archive = try Archive(url: temporary, accessMode: .create)
            for entry in entries {
                let data = entry.data
                try archive.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(data.count),
                                     compressionMethod: .deflate) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
        } catch {
            throw ExchangeError.unwritableFile(file: url.path, reason: "\(error)")
        }
        try ExportFile.replace(url, with: temporary)
    }
}

/// Puts finished export files in place.
enum ExportFile {
    /// Moves `temporary` to `url` in one step, replacing any file already there (a rename within
    /// one folder, so readers see the old file or the new one, never a mix).
    static func replace(_ url: URL, with temporary: URL) throws {
        guard rename(temporary.path, url.path) == 0 else {
            throw ExchangeError.unwritableFile(file: url.path, reason: String(cString: strerror(errno)))
        }
    }

    /// Writes `data` to `url` through a temporary file in the same folder.
    static func write(_ data: Data, to url: URL) throws {
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try data.write(to: temporary)
        } catch {
            throw ExchangeError.unwritableFile(file: url.path, reason: error.localizedDescription)
        }
        try replace(url, with: temporary)
    }
}
