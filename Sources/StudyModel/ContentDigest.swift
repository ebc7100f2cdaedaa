import Crypto

/// SHA-256 digests of raw bytes, as change sets record the scripts and files behind them.
public enum ContentDigest {
    /// SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
