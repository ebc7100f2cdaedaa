import CZeroMQ
import Foundation

/// The kernel's five sockets, bound where the connection file says, and the iopub publisher
/// that several threads share.
final class KernelChannels: @unchecked Sendable {
    let context: ZeroMQContext
    let shell: ZeroMQSocket
    let control: ZeroMQSocket
    let stdin: ZeroMQSocket
    let heartbeat: ZeroMQSocket
    private let iopub: ZeroMQSocket
    private let iopubLock = NSLock()
    /// The signing key.
    let key: [UInt8]
    /// This kernel's session id, in the header of every message it sends.
    let session = UUID().uuidString.lowercased()

    init(_ connection: ConnectionInfo) throws {
        context = try ZeroMQContext()
        shell = try ZeroMQSocket(context, type: ZMQ_ROUTER)
        control = try ZeroMQSocket(context, type: ZMQ_ROUTER)
        stdin = try ZeroMQSocket(context, type: ZMQ_ROUTER)
        heartbeat = try ZeroMQSocket(context, type: ZMQ_REP)
        iopub = try ZeroMQSocket(context, type: ZMQ_PUB)
        key = Array(connection.key.utf8)
        try shell.bind(connection.endpoint(connection.shellPort))
        try control.bind(connection.endpoint(connection.controlPort))
        try stdin.bind(connection.endpoint(connection.stdinPort))
        try heartbeat.bind(connection.endpoint(connection.hbPort))
        try iopub.bind(connection.endpoint(connection.iopubPort))
    }

    /// Publishes a message of `type` on iopub, as a result of `parent`.
    func publish(_ type: String, _ content: JSONObject, parent: WireMessage?) {
        // The topic is the message type; subscribers take every topic.
        var message = WireMessage(type: type, session: session, content: content, parent: parent)
        message.identities = [Array(type.utf8)]
        iopubLock.lock()
        defer { iopubLock.unlock() }
        // A dropped notification must not stop the kernel; the front end resynchronises on status.
        try? iopub.send(message.frames(key: key))
    }

    /// Sends `status` (busy or idle) for `parent`.
    func status(_ state: String, parent: WireMessage?) {
        publish("status", ["execution_state": state], parent: parent)
    }

    /// Answers `request` on `socket` with a message of `type`.
    func reply(_ request: WireMessage, type: String, _ content: JSONObject, on socket: ZeroMQSocket) {
        let message = WireMessage(type: type, session: session, content: content, parent: request)
        try? socket.send(message.frames(key: key))
    }

    /// Echoes heartbeat pings until the context ends.
    func beat() {
        while true {
            do {
                let ping = try heartbeat.receive()
                try heartbeat.send(ping)
            } catch let error as ZeroMQError where error.code == EINTR {
                continue   // a signal (an interrupt for the running cell) woke the wait
            } catch {
                heartbeat.close()
                return
            }
        }
    }

    /// Closes the sockets the caller's thread owns and ends the context, after the heartbeat's
    /// thread has closed its own.
    func close() {
        shell.close()
        stdin.close()
        iopubLock.lock()
        iopub.close()
        iopubLock.unlock()
        context.terminate()
    }
}
