import Foundation

/// Reading the files an import is given. Only regular files are read: a folder named like an
/// export (`x.qdpx/`) or a pipe would otherwise hang the reader or make it spin.
public enum ImportFile {
    /// Throws unless `url` names a regular file (after following symbolic links).
    public static func requireRegularFile(_ url: URL) throws {
        var info = stat()
        guard stat(url.path, &info) == 0 else {
            throw ExchangeError.unreadableFile(file: url.path, reason: "no such file, or no permission to read it")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return
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
}
