import DataExchange
import Foundation
import ZIPFoundation

/// Unpacks a library zip for `peerscript lib install`, refusing the whole archive when any
/// entry could land outside the folder it is unpacked into (an absolute path, a `..` step, a
/// symbolic link) before anything is written, and stopping when the entries inflate to more
/// than `maxUncompressedBytes` in all.
public enum LibraryArchive {
    /// Unpacks `zip` into `folder` (which must exist and be empty).
    public static func unpack(_ zip: URL, into folder: URL,
                              maxUncompressedBytes: Int64 = ByteLimit.bytes(megabytes: ByteLimit.defaultLibraryMegabytes)) throws {
        let name = zip.lastPathComponent
        do {
            try ImportFile.requireRegularFile(zip)
        } catch {
            throw LibraryError.unreadableArchive(archive: name, reason: "not a regular file")
        }
        let archive: Archive
        do {
            archive = try Archive(url: zip, accessMode: .read)
        } catch {
            throw LibraryError.unreadableArchive(archive: name, reason: "not a zip file, or damaged")
        }
        let root = folder.standardizedFileURL.path
        var budget = ZipBudget(limit: maxUncompressedBytes)
        var planned: [(Entry, URL)] = []
        for entry in archive {
            guard let target = try destination(of: entry, under: root, archive: name) else { continue }
            planned.append((entry, target))
        }
        for (entry, target) in planned {
            do {
                if entry.type == .directory {
                    try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
                    continue
                }
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                try budget.contents(of: entry, in: archive).write(to: target)
            } catch let exceeded as ZipBudget.Exceeded {
                throw LibraryError.archiveTooLarge(archive: name, entry: exceeded.entry,
                                                   limit: ByteLimit.describe(exceeded.limit))
            } catch {
                throw LibraryError.unreadableArchive(archive: name, reason: "entry '\(entry.path.excerpt)' cannot be unpacked (\(error.localizedDescription))")
            }
        }
    }

    /// Where `entry` is unpacked, nil for entries left out (macOS resource forks), or an error
    /// for an entry that would escape `root`.
    private static func destination(of entry: Entry, under root: String, archive: String) throws -> URL? {
        let path = entry.path.replacingOccurrences(of: "\\", with: "/")
        func refuse(_ reason: String) -> LibraryError {
            .unsafeArchiveEntry(archive: archive, entry: entry.path, reason: reason)
        }
        if entry.type == .symlink { throw refuse("is a symbolic link") }
        if path.hasPrefix("/") || path.range(of: "^[A-Za-z]:", options: .regularExpression) != nil {
            throw refuse("has an absolute path")
        }
        let components = path.split(separator: "/")
        if components.contains("..") { throw refuse("would be written outside the library folder (it contains '..')") }
        if components.isEmpty || components.first == "__MACOSX" { return nil }
        let target = URL(fileURLWithPath: root).appendingPathComponent(components.joined(separator: "/")).standardizedFileURL
        guard target.path.hasPrefix(root + "/") else { throw refuse("would be written outside the library folder") }
        return target
    }
}
