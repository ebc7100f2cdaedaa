import Foundation

/// What a Jupyter front end writes to the connection file: where each channel listens and the
/// key that signs messages.
public struct ConnectionInfo: Codable, Sendable, Equatable {
    /// `tcp` or `ipc`.
    public var transport: String
    /// The address (tcp) or path prefix (ipc).
    public var ip: String
    public var shellPort: Int
    public var iopubPort: Int
    public var stdinPort: Int
    public var controlPort: Int
    public var hbPort: Int
    /// The HMAC key; empty to leave messages unsigned.
    public var key: String
    /// `hmac-sha256`, the only scheme supported.
    public var signatureScheme: String

    enum CodingKeys: String, CodingKey {
        case transport, ip, key
        case shellPort = "shell_port", iopubPort = "iopub_port", stdinPort = "stdin_port"
        case controlPort = "control_port", hbPort = "hb_port", signatureScheme = "signature_scheme"
    }

    /// Makes connection details.
    public init(transport: String = "tcp", ip: String = "127.0.0.1", shellPort: Int, iopubPort: Int,
                stdinPort: Int, controlPort: Int, hbPort: Int, key: String,
                signatureScheme: String = "hmac-sha256") {
        self.transport = transport
        self.ip = ip
        self.shellPort = shellPort
        self.iopubPort = iopubPort
        self.stdinPort = stdinPort
        self.controlPort = controlPort
        self.hbPort = hbPort
        self.key = key
        self.signatureScheme = signatureScheme
    }

    /// Reads and checks the connection file at `path`.
    public init(file path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw KernelError("cannot read the connection file '\(path)': no readable file there "
                + "(Jupyter writes it and passes its path as {connection_file})")
        }
        do {
            self = try JSONDecoder().decode(ConnectionInfo.self, from: data)
        } catch {
            throw KernelError("the connection file '\(path)' is not a Jupyter connection file: \(error)")
        }
        guard transport == "tcp" || transport == "ipc" else {
            throw KernelError("the connection file '\(path)' asks for transport '\(transport)'; only tcp and ipc are supported")
        }
        guard key.isEmpty || signatureScheme == "hmac-sha256" else {
            throw KernelError("the connection file '\(path)' asks for signature scheme '\(signatureScheme)'; only hmac-sha256 is supported")
        }
    }

    /// The ZeroMQ endpoint of `port`.
    public func endpoint(_ port: Int) -> String {
        transport == "ipc" ? "ipc://\(ip)-\(port)" : "tcp://\(ip):\(port)"
    }
}

/// A kernel failure a user can act on.
public struct KernelError: Error, CustomStringConvertible {
    /// What went wrong, and what to do.
    public let description: String
    init(_ description: String) { self.description = description }
}
