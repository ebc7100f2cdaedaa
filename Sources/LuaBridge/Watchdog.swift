import CLuaRuntime

/// Stops a script that runs past its time limit.
///
/// Nothing is paid while the script runs: a thread of the watchdog's own sleeps until the
/// deadline, then installs the stopping hook, as the stock interpreter does for Ctrl-C. The
/// thread is a plain thread waiting on a condition variable, not a dispatch queue, so scripts
/// keeping every pool thread busy cannot delay it.
///
/// The hook cannot reach code that runs with hooks off (a `__gc` finalizer) or one long call
/// into C. With a ``ForcedExit``, a script still running ``gracePeriod`` seconds after its
/// deadline ends the whole process instead; without one (library use, tests) it runs on.
/// Cancel the watchdog (or let it deinitialise) before the state closes.
public final class Watchdog {
    /// How long a script may run past its deadline before a ``ForcedExit`` ends the process.
    public static let gracePeriod = 1.0

    /// How the process ends when a script does not stop within the grace period.
    public struct ForcedExit: Sendable {
        /// The process's exit status.
        public var status: Int32
        /// Written to stderr (a line ending is added) just before the process exits.
        public var message: String

        /// Makes a forced exit with `status` that first writes `message`.
        public init(status: Int32, message: String) {
            self.status = status
            self.message = message
        }
    }

    private var watchdog: OpaquePointer?

    /// Starts a watchdog that stops `state`'s running script after `seconds`, and ends the
    /// process as `forcedExit` says if the script is still running a grace period later.
    public init(state: LuaState, seconds: Double, forcedExit: ForcedExit? = nil) {
        state.setTimeoutMessage(Watchdog.timeoutMessage(seconds: seconds))
        watchdog = Watchdog.start(state.L, seconds: seconds, forcedExit: forcedExit)
    }

    /// Starts a watchdog that stops no script but ends the process as `forcedExit` says once
    /// `seconds` and the grace period have passed, for code that cannot be stopped at all
    /// (finalizers run while a state closes).
    public init(endingProcessAfter seconds: Double, _ forcedExit: ForcedExit) {
        watchdog = Watchdog.start(nil, seconds: seconds, forcedExit: forcedExit)
    }

    /// Disarms the watchdog; after this returns it will never touch the state or the process.
    public func cancel() {
        ps_watchdog_cancel(watchdog)
        watchdog = nil
    }

    deinit { cancel() }

    /// The error message of a script stopped after `seconds`: `timeout after 5 s`.
    public static func timeoutMessage(seconds: Double) -> String {
        "timeout after \(format(seconds)) s"
    }

    /// `seconds` as a short number: whole numbers without a fraction, any value without a crash.
    static func format(_ seconds: Double) -> String {
        if seconds == seconds.rounded(), abs(seconds) < 1e15 { return String(Int(seconds)) }
        return String(seconds)
    }

    private static func start(_ L: OpaquePointer?, seconds: Double, forcedExit: ForcedExit?) -> OpaquePointer {
        let status = forcedExit?.status ?? -1
        let message = forcedExit.map { $0.message + "\n" } ?? ""
        guard let watchdog = ps_watchdog_start(L, seconds, gracePeriod, status, message) else {
            fatalError("cannot start a watchdog thread: the system is out of threads or memory")
        }
        return watchdog
    }
}

/// Routes Ctrl-C to a state while it runs a script, as the stock interpreter does.
public enum InterruptHandler {
    /// Makes SIGINT stop `state`'s running script with an `interrupted` error.
    public static func install(for state: LuaState) { ps_catch_interrupts(state.L) }

    /// Restores the default SIGINT behaviour.
    public static func remove() { ps_catch_interrupts(nil) }

    /// Makes SIGINT never end the process from now on: it stops a running script, and does
    /// nothing between scripts. For servers that must outlive interrupts (the notebook kernel).
    public static func neverEndProcess() { ps_interrupts_only_stop() }
}

extension LuaState {
    /// Removes the stopping hook after a timeout or interrupt, so the state can run code again
    /// (the REPL does this after Ctrl-C).
    public func clearStop() { ps_clear_stop(L) }
}
