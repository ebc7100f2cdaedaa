import Foundation

/// How a producer counts character offsets in `PlainTextSelection` (`startPosition`,
/// `endPosition`). PeerScript stores Unicode scalar offsets; these conventions say how to get there.
///
/// All three count from the first character after any byte-order mark, start inclusive, end
/// exclusive. They differ only for characters outside the Basic Multilingual Plane (emoji, some
/// scripts) and for CR LF line breaks:
///
/// | convention   | emoji 😀 | CR LF |
/// |--------------|---------|-------|
/// | `utf16`      | 2       | 2     |
/// | `codepoints` | 1       | 2     |
/// | `crlf1`      | 1       | 1     |
public enum OffsetConvention: String, Sendable, CaseIterable, CustomStringConvertible {
    /// UTF-16 code units (NVivo, and other .NET or Java programs).
    case utf16
    /// Unicode code points (scalar values); what PeerScript itself writes.
    case codepoints
    /// Unicode code points, with a CR LF pair counted as one character.
    case crlf1

    /// The convention's name, as users write it.
    public var description: String { rawValue }

    /// The convention a producer is known to use, from the `origin` attribute of its export, or
    /// `nil` when the producer is unknown. Only conventions confirmed from real exports are listed.
    public static func known(forOrigin origin: String?) -> OffsetConvention? {
        guard let origin = origin?.lowercased() else { return nil }
        if origin.contains("nvivo") { return .utf16 }
        if origin.contains("peerscript") || origin.contains("qualcoder") { return .codepoints }
        return nil
    }

    /// How many units this convention counts for `scalar`, given the scalar after it.
    /// Under `crlf1` the CR of a CR LF pair counts nothing and the LF counts one, so that an offset
    /// never points between the two.
    fileprivate func width(of scalar: Unicode.Scalar, next: Unicode.Scalar?) -> Int32 {
        switch self {
        case .codepoints: return 1
        case .utf16: return scalar.value > 0xFFFF ? 2 : 1
        case .crlf1: return scalar == "\r" && next == "\n" ? 0 : 1
        }
    }
}

/// Converts between a producer's offsets and Unicode scalar offsets for one text.
public struct OffsetTable: Sendable {
    /// The convention the producer offsets follow.
    public let convention: OffsetConvention
    /// `prefix[i]` is the number of producer units before scalar `i`; it has one more element than
    /// the text has scalars. Empty for `codepoints`, where both counts are the same.
    private let prefix: [Int32]
    /// Number of scalars in the text.
    public let scalarCount: Int

    /// Builds the table for `scalars` (the text's Unicode scalars) under `convention`.
    public init(scalars: [Unicode.Scalar], convention: OffsetConvention) {
        self.convention = convention
        scalarCount = scalars.count
        guard convention != .codepoints else {
            prefix = []
            return
        }
        var prefix = [Int32](repeating: 0, count: scalars.count + 1)
        var total: Int32 = 0
        for index in scalars.indices {
            prefix[index] = total
            total += convention.width(of: scalars[index], next: index + 1 < scalars.count ? scalars[index + 1] : nil)
        }
        prefix[scalars.count] = total
        self.prefix = prefix
    }

    /// Length of the text in producer units.
    public var producerLength: Int { prefix.last.map(Int.init) ?? scalarCount }

    /// The scalar offset for a producer offset; `nil` when the offset lies outside the text or
    /// inside one character (the middle of a surrogate pair under `utf16`).
    public func scalarOffset(_ producerOffset: Int) -> Int? {
        guard producerOffset >= 0, producerOffset <= producerLength else { return nil }
        guard !prefix.isEmpty else { return producerOffset }
        var low = 0
        var high = prefix.count - 1
        let target = Int32(producerOffset)
        while low < high {
            let middle = (low + high) / 2
            if prefix[middle] < target { low = middle + 1 } else { high = middle }
        }
        return prefix[low] == target ? low : nil
    }

    /// The producer offset for a scalar offset (`0...scalarCount`).
    public func producerOffset(_ scalarOffset: Int) -> Int {
        prefix.isEmpty ? scalarOffset : Int(prefix[scalarOffset])
    }
}
