import Crypto
import Foundation

/// A JSON object as the protocol carries it.
public typealias JSONObject = [String: Any]

/// One message of the Jupyter messaging protocol (5.3) in its wire form: routing identities,
/// the `<IDS|MSG>` delimiter, an HMAC-SHA256 signature, then header, parent header, metadata
/// and content as JSON, then any binary buffers.
public struct WireMessage: @unchecked Sendable {
    /// The routing prefix (the sender's identity on ROUTER sockets, the topic on iopub).
    public var identities: [[UInt8]]
    public var header: JSONObject
    public var parentHeader: JSONObject
    public var metadata: JSONObject
    public var content: JSONObject
    public var buffers: [[UInt8]] = []

    /// The protocol version this kernel speaks.
    public static let protocolVersion = "5.3"
    static let delimiter = Array("<IDS|MSG>".utf8)

    /// The message's type (`execute_request`), from its header.
    public var type: String { header["msg_type"] as? String ?? "" }

    /// Makes a new message of `type` in `session`, answering `parent` if given.
    public init(type: String, session: String, content: JSONObject, parent: WireMessage? = nil,
                identities: [[UInt8]]? = nil) {
        self.identities = identities ?? parent?.identities ?? []
        header = [
            "msg_id": UUID().uuidString.lowercased(), "session": session, "username": "peerscript",
            "date": Self.timestamp(), "msg_type": type, "version": Self.protocolVersion,
        ]
        parentHeader = parent?.header ?? [:]
        metadata = [:]
        self.content = content
    }

    /// Reads the frames of a received message, checking its signature with `key`.
    public init(frames: [[UInt8]], key: [UInt8]) throws {
        guard let split = frames.firstIndex(of: Self.delimiter), frames.count >= split + 6 else {
            throw KernelError("a message without the <IDS|MSG> delimiter and its five frames was received")
        }
        identities = Array(frames[..<split])
        let signature = String(decoding: frames[split + 1], as: UTF8.self)
        let parts = Array(frames[(split + 2)...(split + 5)])
        if !key.isEmpty, !Self.constantTimeEqual(signature, Self.sign(parts, key: key)) {
            throw KernelError("a message with a wrong signature was received and ignored")
        }
        func object(_ bytes: [UInt8]) throws -> JSONObject {
            guard let value = try JSONSerialization.jsonObject(with: Data(bytes)) as? JSONObject else {
                throw KernelError("a message part is not a JSON object")
            }
            return value
        }
        header = try object(parts[0])
        parentHeader = try object(parts[1])
        metadata = try object(parts[2])
        content = try object(parts[3])
        buffers = Array(frames[(split + 6)...])
    }

    /// The frames to send, signed with `key`.
    public func frames(key: [UInt8]) throws -> [[UInt8]] {
        let parts = try [header, parentHeader, metadata, content].map {
            Array(try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]))
        }
        let signature = key.isEmpty ? "" : Self.sign(parts, key: key)
        return identities + [Self.delimiter, Array(signature.utf8)] + parts + buffers
    }

    /// The HMAC-SHA256 of the four JSON parts, in hexadecimal.
    static func sign(_ parts: [[UInt8]], key: [UInt8]) -> String {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: key))
        for part in parts { hmac.update(data: part) }
        return hmac.finalize().map { String(format: "%02x", $0) }.joined()
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The current time as ISO 8601 with milliseconds. The formatter is made once (making one
    /// costs more than a whole message) and shared under a lock by the kernel's threads.
    private static func timestamp() -> String {
        dateLock.withLock { dateFormatter.string(from: Date()) }
    }

    private static let dateLock = NSLock()
    nonisolated(unsafe) private static let dateFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }()
}
