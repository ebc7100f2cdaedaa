import Foundation

/// Sends what Lua writes to standard output (`print`, `io.write`) to the notebook as `stream`
/// messages: file descriptor 1 becomes a pipe, which a thread reads while a cell runs, and
/// ``drain()`` empties after it, so the output comes before the cell's result.
final class OutputCapture: @unchecked Sendable {
    private let readEnd: Int32
    private let lock = NSLock()
    private let publish: (String) -> Void
    private var pending: [UInt8] = []

    /// Redirects standard output; `publish` receives the text, in order, under a lock.
    init(publish: @escaping (String) -> Void) throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw KernelError("cannot make a pipe for the cells' output: \(String(cString: strerror(errno)))") }
        fflush(nil)
        guard dup2(ends[1], STDOUT_FILENO) >= 0 else {
            throw KernelError("cannot redirect standard output: \(String(cString: strerror(errno)))")
        }
        close(ends[1])
        readEnd = ends[0]
        _ = fcntl(readEnd, F_SETFL, fcntl(readEnd, F_GETFL) | O_NONBLOCK)
        self.publish = publish
        let thread = Thread { [self] in self.readForever() }
        thread.name = "stdout"
        thread.start()
    }

    /// Publishes everything written so far.
    func drain() {
        fflush(nil)
        lock.lock()
        defer { lock.unlock() }
        readAvailable()
        flushPending(all: true)
    }

    private func readForever() {
        while true {
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, -1) >= 0 || errno == EINTR else { return }
            lock.lock()
            let open = readAvailable()
            flushPending(all: false)
            lock.unlock()
            if !open { return }
        }
    }

    /// Reads what the pipe holds; false once it is closed.
    @discardableResult
    private func readAvailable() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count > 0 { pending += buffer[..<count]; continue }
            return count < 0 && (errno == EAGAIN || errno == EINTR)
        }
    }

    /// Publishes the pending bytes, holding back an unfinished UTF-8 sequence unless `all`.
    private func flushPending(all: Bool) {
        guard !pending.isEmpty else { return }
        var end = pending.count
        if !all {
            // Step back over continuation bytes to the start of a sequence that may be cut.
            var start = end - 1
            while start > 0, end - start < 4, pending[start] & 0xC0 == 0x80 { start -= 1 }
            let lead = pending[start]
            let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            if end - start < length { end = start }
        }
        guard end > 0 else { return }
        publish(String(decoding: pending[..<end], as: UTF8.self))
        pending.removeFirst(end)
    }
}
