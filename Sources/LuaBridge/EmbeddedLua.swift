/// Lua chunks kept as `.lua` files and compiled into their target (SwiftPM's `.embedInCode`).
public enum EmbeddedLua {
    /// The chunk an embedded file holds: its bytes without the line end that closes the file,
    /// so the compiled chunk is exactly the text as written, line for line.
    public static func chunk(_ file: [UInt8]) -> [UInt8] {
        file.last == UInt8(ascii: "\n") ? Array(file.dropLast()) : file
    }
}
