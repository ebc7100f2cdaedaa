import Foundation
import PeerScript

/// A Jupyter kernel running PeerScript: one REPL session for the kernel's life, cells run under
/// its sandbox and limits, answers given on the shell and control channels, and output
/// published on iopub with `busy` and `idle` around every request.
public final class NotebookKernel: @unchecked Sendable {
    let channels: KernelChannels
    let engine: ReplEngine
    var capture: OutputCapture?
    private let version: String
    var executionCount = 0
    var history: [(count: Int, code: String)] = []
    /// The requests queued behind a failed cell that asked for them to be dropped.
    var requestsBehindFailure: [WireMessage] = []
    /// The request whose output is being published.
    var currentRequest: WireMessage? {
        get { stateLock.withLock { requestShown } }
        set { stateLock.withLock { requestShown = newValue } }
    }
    private var requestShown: WireMessage?
    private let stateLock = NSLock()
    private var shuttingDown = false

    /// Binds the channels of `connection` and prepares `engine` for cells.
    ///
    /// - Parameter version: the implementation version `kernel_info` reports.
    public init(connection: ConnectionInfo, engine: ReplEngine, version: String) throws {
        channels = try KernelChannels(connection)
        self.engine = engine
        self.version = version
        ReplEngine.interruptsOnlyStopCells()
        try engine.enableDisplay { [unowned self] output in
            self.capture?.drain()
            self.channels.publish("display_data", ["data": output.data, "metadata": [:], "transient": [:]],
                                  parent: self.currentRequest)
        }
    }

    /// Writes `text` from the session's notes (such as the demo-corpus note) as stderr output.
    public func notice(_ text: String) {
        channels.publish("stream", ["name": "stderr", "text": text + "\n"], parent: currentRequest)
    }

    /// Serves requests until a `shutdown_request`.
    public func run() throws {
        capture = try OutputCapture { [unowned self] text in
            self.channels.publish("stream", ["name": "stdout", "text": text], parent: self.currentRequest)
        }
        let heartbeat = Thread { [channels] in channels.beat() }
        heartbeat.start()
        let control = Thread { [self] in self.serveControl() }
        control.start()
        channels.status("starting", parent: nil)
        while !isShuttingDown {
            guard try channels.shell.waitForMessage(milliseconds: 100) else { continue }
            guard let request = try? WireMessage(frames: channels.shell.receive(), key: channels.key) else { continue }
            handle(request, on: channels.shell)
            if !requestsBehindFailure.isEmpty { abortQueuedCells() }
        }
        while !control.isFinished { usleep(10_000) }
        channels.close()
    }

    /// Takes the requests already waiting on the shell channel (the cells queued behind one
    /// that failed). Taken before the failure is answered, so none sent after it is among them.
    func takeQueuedRequests() -> [WireMessage] {
        var queued: [WireMessage] = []
        while (try? channels.shell.waitForMessage(milliseconds: 0)) == true, let frames = try? channels.shell.receive() {
            if let request = try? WireMessage(frames: frames, key: channels.key) { queued.append(request) }
        }
        return queued
    }

    /// Answers the cells queued behind a failed one `aborted` instead of running them, as "Run
    /// All" expects; other requests among them are served as usual.
    private func abortQueuedCells() {
        let queued = requestsBehindFailure
        requestsBehindFailure = []
        for request in queued {
            guard request.type == "execute_request" else {
                handle(request, on: channels.shell)
                continue
            }
            channels.status("busy", parent: request)
            reply(request, ["status": "aborted", "execution_count": executionCount], on: channels.shell)
            channels.status("idle", parent: request)
        }
    }

    private var isShuttingDown: Bool {
        stateLock.lock()
        defer { stateLock.unlock() }
        return shuttingDown
    }

    private func serveControl() {
        while !isShuttingDown {
            guard (try? channels.control.waitForMessage(milliseconds: 100)) == true,
                  let frames = try? channels.control.receive(),
                  let request = try? WireMessage(frames: frames, key: channels.key) else { continue }
            handle(request, on: channels.control)
        }
        channels.control.close()
    }

    /// Answers one request, with `busy` before and `idle` after.
    private func handle(_ request: WireMessage, on socket: ZeroMQSocket) {
        channels.status("busy", parent: request)
        defer { channels.status("idle", parent: request) }
        let type = request.type
        let content = request.content
        switch type {
        case "kernel_info_request": reply(request, kernelInfo(), on: socket)
        case "execute_request": reply(request, execute(request), on: socket)
        case "complete_request": reply(request, complete(content), on: socket)
        case "inspect_request": reply(request, inspect(content), on: socket)
        case "is_complete_request": reply(request, isComplete(content), on: socket)
        case "history_request": reply(request, historyReply(content), on: socket)
        case "comm_info_request": reply(request, ["status": "ok", "comms": [String: Any]()], on: socket)
        case "interrupt_request":
            kill(getpid(), SIGINT)
            reply(request, ["status": "ok"], on: socket)
        case "shutdown_request":
            reply(request, ["status": "ok", "restart": content["restart"] as? Bool ?? false], on: socket)
            stateLock.withLock { shuttingDown = true }
            // A cell still running would hold up the exit until its time limit.
            kill(getpid(), SIGINT)
        default:
            break   // Unknown requests get no reply, as the protocol allows.
        }
    }

    func reply(_ request: WireMessage, _ content: JSONObject, on socket: ZeroMQSocket) {
        let type = request.type.replacingOccurrences(of: "_request", with: "_reply")
        channels.reply(request, type: type, content, on: socket)
    }

    private func kernelInfo() -> JSONObject {
        [
            "status": "ok", "protocol_version": WireMessage.protocolVersion,
            "implementation": "peerscript", "implementation_version": version,
            "language_info": [
                "name": "lua", "version": "5.4", "mimetype": "text/x-lua", "file_extension": ".lua",
                "pygments_lexer": "lua", "codemirror_mode": "lua",
            ] as JSONObject,
            "banner": "PeerScript \(version) on Lua 5.4: Lua over a coded interview corpus.",
            "help_links": [JSONObject](),
        ]
    }
}
