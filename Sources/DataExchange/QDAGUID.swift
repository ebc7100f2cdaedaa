import Crypto
import Foundation

/// GUID handling for REFI-QDA files.
///
/// Producers disagree on how to write a GUID: NVivo writes lower case, others upper case, some wrap
/// it in braces. PeerScript compares and stores the canonical form: 36 characters, lower case, no
/// braces. Where PeerScript has to invent a GUID for something that has none (a code created in
/// PeerScript, a BCT used as a code), it derives it from a name so that the same thing gets the
/// same GUID in every export, and a later import recognises it.
public enum QDAGUID {
    /// The canonical form of `raw`, or `nil` when it is not a GUID in any accepted spelling.
    /// Checked by hand rather than through `UUID`, because imports canonicalise every GUID of a
    /// file and the general parser is slow.
    public static func canonical(_ raw: String) -> String? {
        var bytes = Array(raw.utf8)
        while let last = bytes.last, last == 0x20 || last == 0x09 || last == 0x0A || last == 0x0D { bytes.removeLast() }
        let leading = bytes.prefix { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }.count
        bytes.removeFirst(leading)
        if bytes.count == 38, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") {
            bytes = Array(bytes[1..<37])
        }
        guard bytes.count == 36 else { return nil }
        for (index, byte) in bytes.enumerated() {
            switch (index, byte) {
            case (8, UInt8(ascii: "-")), (13, UInt8(ascii: "-")), (18, UInt8(ascii: "-")), (23, UInt8(ascii: "-")):
                continue
            case (8, _), (13, _), (18, _), (23, _):
                return nil
            case (_, UInt8(ascii: "0")...UInt8(ascii: "9")), (_, UInt8(ascii: "a")...UInt8(ascii: "f")):
                continue
            case (_, UInt8(ascii: "A")...UInt8(ascii: "F")):
                bytes[index] = byte + 0x20
            default:
                return nil
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A GUID derived from `name`: a version-5 (SHA-1, name-based) UUID in PeerScript's own
    /// namespace. The same name always gives the same GUID.
    public static func derived(_ name: String) -> String {
        var input = Data(namespaceBytes)
        input.append(contentsOf: Array(name.utf8))
        var bytes = Array(Insecure.SHA1.hash(data: input).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let uuid = UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6],
                               bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12],
                               bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.lowercased()
    }

    /// A new random GUID in canonical form.
    public static func random() -> String { UUID().uuidString.lowercased() }

    /// The namespace that ``derived(_:)`` hashes names in. Fixed for all time: changing it would
    /// make PeerScript stop recognising its own earlier exports.
    private static let namespaceBytes: [UInt8] = [
        0x7c, 0x1e, 0x5a, 0x90, 0x33, 0x4f, 0x4b, 0x0e, 0x9d, 0x61, 0x2a, 0x8b, 0x54, 0xc3, 0x10, 0xe7,
    ]
}
