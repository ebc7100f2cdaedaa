import Foundation
import ZIPFoundation

/// Limits on the shape of imported and exported files.
public enum ExchangeLimits {
    /// The deepest nesting of XML elements a REFI-QDA reader accepts, and of codes an export
    /// writes. Real files nest a few levels plus the depth of their code tree (a few levels
    /// too); the bound keeps a hostile file from exhausting the stack of the code that walks,
    /// writes or releases the tree.
    public static let maxNesting = 256
    /// The largest attribute, fidelity or taxonomy extension file an import reads, in MB.
    /// Such files hold a row per participant, case, item or rating; a far larger one is not
    /// what it claims to be, and parsing it would hold all of it in memory several times.
    public static let maxTableMegabytes = 16
    /// The most lines such a file may have, counted before it is parsed: a file of short lines
    /// costs far more memory parsed than its size suggests.
    public static let maxTableLines = 200_000
}

/// Limits on how much a zip archive may unpack to, for `.qdpx` imports and library installs.
public enum ByteLimit {
    /// Bytes in one MB as the `--max-uncompressed-mb` options count it (2^20).
    public static let megabyte: Int64 = 1 << 20
    /// Default limit on what a `.qdpx` import unpacks (project.qde, source texts and notes), in MB.
    public static let defaultImportMegabytes = 512
    /// Default limit on what a library zip unpacks to, in MB.
    public static let defaultLibraryMegabytes = 100

    /// `bytes` as a size for messages: whole MB when it is a multiple of one, else bytes.
    public static func describe(_ bytes: Int64) -> String {
        bytes % megabyte == 0 ? "\(bytes / megabyte) MB" : "\(bytes) bytes"
    }

    /// `megabytes` in bytes, saturating instead of overflowing.
    public static func bytes(megabytes: Int) -> Int64 {
        let (product, overflow) = Int64(megabytes).multipliedReportingOverflow(by: megabyte)
        return overflow ? Int64.max : product
    }
}

/// Extracts entries of one archive while counting the bytes they inflate to against one limit
/// for the whole archive. The bytes are counted as they come out of the decompressor, because a
/// hostile archive's headers can declare any size; the declared size only lets an archive that
/// admits to being too large be refused before anything is inflated.
public struct ZipBudget: Sendable {
    /// Thrown when an entry would take the archive past the limit.
    public struct Exceeded: Error, Equatable, Sendable {
        /// Path of the entry inside the archive.
        public var entry: String
        /// The limit, in bytes.
        public var limit: Int64
    }

    /// The most bytes all extracted entries may add up to.
    public let limit: Int64
    /// Bytes extracted so far.
    public private(set) var used: Int64 = 0

    /// A budget of `limit` bytes.
    public init(limit: Int64) { self.limit = limit }

    /// The contents of `entry`, counted against the budget. Errors other than ``Exceeded`` come
    /// from the archive itself (a damaged entry, a bad checksum).
    public mutating func contents(of entry: Entry, in archive: Archive) throws -> Data {
        guard entry.type == .file else { return Data() }
        if Int64(clamping: entry.uncompressedSize) > limit - used {
            throw Exceeded(entry: entry.path, limit: limit)
        }
        var data = Data()
        var used = self.used
        let limit = self.limit
        let path = entry.path
        _ = try archive.extract(entry, skipCRC32: false) { chunk in
            used += Int64(chunk.count)
            if used > limit { throw Exceeded(entry: path, limit: limit) }
            data.append(chunk)
        }
        self.used = used
        return data
    }
}
