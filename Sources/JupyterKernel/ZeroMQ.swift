import CZeroMQ
import Foundation

/// A ZeroMQ call failed; the message is the library's.
public struct ZeroMQError: Error, CustomStringConvertible {
    /// What was being done (`bind tcp://127.0.0.1:5555`).
    public let operation: String
    /// `zmq_strerror` of the error number.
    public let reason: String
    /// The error number.
    let code: Int32

    init(_ operation: String) {
        code = ps_zmq_errno()
        self.operation = operation
        reason = String(cString: ps_zmq_strerror(code))
    }

    public var description: String { "\(operation) failed: \(reason)" }
}

/// A ZeroMQ context, which owns the sockets' I/O threads.
final class ZeroMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    init() throws {
        guard let handle = ps_zmq_ctx_new() else { throw ZeroMQError("zmq_ctx_new") }
        self.handle = handle
    }

    /// Waits until every socket is closed (after delivering what they hold, up to their linger).
    func terminate() { _ = ps_zmq_ctx_term(handle) }
}

/// One ZeroMQ socket. A socket is used by one thread at a time; callers that share one (the
/// iopub publisher) serialise their use with a lock.
final class ZeroMQSocket: @unchecked Sendable {
    private var handle: UnsafeMutableRawPointer?

    init(_ context: ZeroMQContext, type: Int32) throws {
        guard let handle = ps_zmq_socket(context.handle, type) else { throw ZeroMQError("zmq_socket") }
        self.handle = handle
        // Replies still queued at shutdown get a second to leave.
        var linger: Int32 = 1000
        ps_zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size)
    }

    func bind(_ endpoint: String) throws {
        guard ps_zmq_bind(handle, endpoint) == 0 else { throw ZeroMQError("bind \(endpoint)") }
    }

    func connect(_ endpoint: String) throws {
        guard ps_zmq_connect(handle, endpoint) == 0 else { throw ZeroMQError("connect \(endpoint)") }
    }

    /// The endpoint the socket is bound to (with the port the system chose for `:*`).
    func boundEndpoint() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        guard ps_zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Sends a multipart message.
    func send(_ frames: [[UInt8]]) throws {
        for (offset, frame) in frames.enumerated() {
            let flags = offset < frames.count - 1 ? ZMQ_SNDMORE : 0
            let sent = frame.withUnsafeBytes { ps_zmq_send(handle, $0.baseAddress, $0.count, flags) }
            guard sent >= 0 else { throw ZeroMQError("send") }
        }
    }

    /// Receives a multipart message, waiting for it.
    func receive() throws -> [[UInt8]] {
        var frames: [[UInt8]] = []
        var more = true
        while more {
            var message = zmq_msg_t()
            ps_zmq_msg_init(&message)
            defer { ps_zmq_msg_close(&message) }
            guard ps_zmq_msg_recv(&message, handle, 0) >= 0 else { throw ZeroMQError("receive") }
            let size = ps_zmq_msg_size(&message)
            let data = ps_zmq_msg_data(&message)
            frames.append(size == 0 || data == nil ? [] : Array(UnsafeRawBufferPointer(start: data, count: size)))
            more = ps_zmq_msg_more(&message) != 0
        }
        return frames
    }

    /// Whether a message is waiting, after at most `milliseconds`.
    func waitForMessage(milliseconds: Int) throws -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let ready = ps_zmq_poll(&item, 1, milliseconds)
        if ready < 0 {
            let error = ZeroMQError("poll")
            if error.code == EINTR { return false }
            throw error
        }
        return ready > 0 && item.revents & Int16(ZMQ_POLLIN) != 0
    }

    func close() {
        if let handle { ps_zmq_close(handle) }
        handle = nil
    }
}
