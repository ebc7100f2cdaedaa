import Foundation

/// Turns the bytes of a text file into the text PeerScript stores.
///
/// A byte-order mark is not part of the text, so it is removed; every other character, line
/// endings included, is kept exactly as written, because producers count offsets over those
/// characters. Files with a UTF-16 byte-order mark are decoded as UTF-16; everything else must be
/// valid UTF-8.
public enum SourceText {
    /// The text of `data`; `file` names the file in the error thrown for undecodable bytes.
    public static func decode(_ data: Data, file: String) throws -> String {
        let bytes = [UInt8](data.prefix(3))
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return try utf8(data.dropFirst(3), file: file)
        }
        if bytes.count >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE {
            return try utf16(data.dropFirst(2), encoding: .utf16LittleEndian, file: file)
        }
        if bytes.count >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF {
            return try utf16(data.dropFirst(2), encoding: .utf16BigEndian, file: file)
        }
        return try utf8(data, file: file)
    }

    /// `text` without a leading U+FEFF. The mark can also arrive inline, in `PlainTextContent`,
    /// and is removed there the same way as from files.
    static func removingLeadingBOM(_ text: String) -> String {
        text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
    }

    private static func utf8(_ data: Data, file: String) throws -> String {
        guard let text = String(data: data, encoding: .utf8) else { throw ExchangeError.notUTF8(file: file) }
        return text
    }

    private static func utf16(_ data: Data, encoding: String.Encoding, file: String) throws -> String {
        guard data.count % 2 == 0, let text = String(data: data, encoding: encoding) else {
            throw ExchangeError.notUTF8(file: file)
        }
        return text
    }
}
