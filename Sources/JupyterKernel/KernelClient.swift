import CZeroMQ
import Foundation

/// The shell side of a Jupyter front end, enough to time requests against a running kernel
/// (`peerscript bench`): it sends a request and waits for its reply.
public final class KernelClient {
    private let context: ZeroMQContext
    private let shell: ZeroMQSocket
    private let control: ZeroMQSocket
    private let key: [UInt8]
    private let session = UUID().uuidString.lowercased()

    /// Connects to the kernel `connection` describes.
    public init(connection: ConnectionInfo) throws {
        context = try ZeroMQContext()
        shell = try ZeroMQSocket(context, type: ZMQ_DEALER)
        control = try ZeroMQSocket(context, type: ZMQ_DEALER)
        key = Array(connection.key.utf8)
        try shell.connect(connection.endpoint(connection.shellPort))
        try control.connect(connection.endpoint(connection.controlPort))
    }

    deinit {
        shell.close()
        control.close()
        context.terminate()
    }

    /// Sends a request of `type` on the shell channel (or control) and returns its reply, or
    /// nil when none came within `seconds`.
    public func request(_ type: String, _ content: JSONObject, onControl: Bool = false,
                        seconds: Double = 10) throws -> WireMessage? {
        let socket = onControl ? control : shell
        let message = WireMessage(type: type, session: session, content: content)
        try socket.send(message.frames(key: key))
        let deadline = Date(timeIntervalSinceNow: seconds)
        while Date() < deadline {
            guard try socket.waitForMessage(milliseconds: 50) else { continue }
            let reply = try WireMessage(frames: socket.receive(), key: key)
            if reply.parentHeader["msg_id"] as? String == message.header["msg_id"] as? String { return reply }
        }
        return nil
    }

    /// Connection details for a kernel on loopback, on ports free a moment ago, with a fresh key.
    public static func loopbackConnection() throws -> ConnectionInfo {
        let context = try ZeroMQContext()
        defer { context.terminate() }
        var ports: [Int] = []
        for _ in 0..<5 {
            let socket = try ZeroMQSocket(context, type: ZMQ_ROUTER)
            defer { socket.close() }
            try socket.bind("tcp://127.0.0.1:*")
            guard let endpoint = socket.boundEndpoint(), let port = endpoint.split(separator: ":").last.flatMap({ Int($0) })
            else { throw KernelError("cannot find a free port on loopback") }
            ports.append(port)
        }
        return ConnectionInfo(shellPort: ports[0], iopubPort: ports[1], stdinPort: ports[2], controlPort: ports[3],
                              hbPort: ports[4], key: UUID().uuidString)
    }
}
