import CLuaRuntime
import Dispatch
import Synchronization

/// Stops a script that runs past its time limit.
///
/// Nothing is paid while the script runs: a timer on another thread installs the stopping hook
/// only once the deadline passes, as the stock interpreter does for Ctrl-C. Cancel the watchdog
/// (or let it deinitialise) before the state closes.
public final class Watchdog {
    private let armed = ArmedFlag()
    private let timer: DispatchSourceTimer

    /// Starts a watchdog that stops `state`'s running script after `seconds`.
    public init(state: LuaState, seconds: Double) {
        let handle = state.handle
        state.setTimeoutMessage("timeout after \(Watchdog.format(seconds)) s")
        timer = DispatchSource.makeTimerSource(queue: .global(qos: .userInitiated))
        let armed = self.armed
        timer.setEventHandler {
            armed.state.withLock { isArmed in
                if isArmed { handle.stopForTimeout() }
            }
        }
        timer.schedule(deadline: .now() + seconds, leeway: .milliseconds(5))
        timer.resume()
    }

    /// Disarms the watchdog; after this returns it will never touch the state.
    public func cancel() {
        armed.state.withLock { $0 = false }
        timer.cancel()
    }

    deinit { cancel() }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}

/// Whether the watchdog may still stop the state; shared with the timer's handler.
private final class ArmedFlag: Sendable {
    let state = Mutex(true)
}

/// Routes Ctrl-C to a state while it runs a script, as the stock interpreter does.
public enum InterruptHandler {
    /// Makes SIGINT stop `state`'s running script with an `interrupted` error.
    public static func install(for state: LuaState) { ps_catch_interrupts(state.L) }

    /// Restores the default SIGINT behaviour.
    public static func remove() { ps_catch_interrupts(nil) }
}

extension LuaState {
    /// Removes the stopping hook after a timeout or interrupt, so the state can run code again
    /// (the REPL does this after Ctrl-C).
    public func clearStop() { ps_clear_stop(L) }
}
