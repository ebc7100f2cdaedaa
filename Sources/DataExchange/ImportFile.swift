import Foundation

/// Reading the files an import is given. Only regular files are read: a folder named like an
/// export (`x.qdpx/`) or a pipe would otherwise hang the reader or make it spin.
public enum ImportFile {
    /// Throws unless `url` names a regular file (after following symbolic links); returns its size.
    @discardableResult
    public static func requireRegularFile(_ url: URL) throws -> Int64 {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw ExchangeError.unreadableFile(file: url.path, reason: "no such file, or no permission to read it")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return Int64(info.st_size)
        case S_IFDIR: throw ExchangeError.notARegularFile(file: url.path, kind: "a folder")
        default: throw ExchangeError.notARegularFile(file: url.path, kind: "a device, pipe or socket")
        }
    }

    /// The bytes of the regular file at `url`; with `maxBytes`, a larger file is refused before
    /// any of it is read.
    public static func read(_ url: URL, maxBytes: Int? = nil) throws -> Data {
        try requireRegularFile(url)
        if let maxBytes, let size = try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int,
           size > maxBytes {
            throw ExchangeError.fileTooLarge(file: url.lastPathComponent, bytes: size, limit: maxBytes)
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ExchangeError.unreadableFile(file: url.path, reason: error.localizedDescription)
        }
    }

    /// Throws unless the regular files at `urls` hold at most `limitBytes` in all, checked before
    /// any is read: codings CSV and transcripts are read whole into memory. `label` names them.
    public static func requireWithinBudget(_ urls: [URL], limitBytes: Int64, label: String) throws {
        var total: Int64 = 0
        for url in urls { total += try requireRegularFile(url) }
        if total > limitBytes { throw ExchangeError.importTooLarge(file: label, bytes: total, limitBytes: limitBytes) }
    }
}
