/// What a long native computation asks of whoever started it: whether to stop now, and whether
/// a result of a given size still fits in the memory left.
///
/// The query engine knows nothing of Lua: the caller (the scripting layer) supplies both answers as
/// closures. The stop check must be cheap and thread-safe (an atomic load): loops ask it every
/// few thousand iterations through ``StopCheck``. ``none`` never stops and refuses nothing.
public struct RunLimits: Sendable {
    private let stopMessage: @Sendable () -> String?
    private let memoryRefusal: @Sendable (Int) -> String?

    /// Limits that never stop a computation and accept any result.
    public static let none = RunLimits()

    /// Limits from two questions: the message to stop with (nil: run on), and the message that
    /// refuses a result of the given number of bytes (nil: it fits).
    public init(stopMessage: @escaping @Sendable () -> String? = { nil },
                memoryRefusal: @escaping @Sendable (Int) -> String? = { _ in nil }) {
        self.stopMessage = stopMessage
        self.memoryRefusal = memoryRefusal
    }

    /// Throws ``LimitReached`` when the computation must stop now.
    public func checkStop() throws {
        if let message = stopMessage() { throw LimitReached(message: message) }
    }

    /// Throws ``LimitReached`` when a result of about `bytes` would not fit: call it before
    /// building a large result.
    public func checkMemory(forResultOf bytes: Int) throws {
        if let message = memoryRefusal(bytes) { throw LimitReached(message: message) }
    }
}

/// A computation ended because a time or memory limit was reached; the message says which
/// (`timeout after 5 s`, `memory limit of 64 MB exceeded`).
public struct LimitReached: Error, CustomStringConvertible, Sendable {
    /// The message, as the limit states it.
    public let message: String
    public var description: String { message }
}

/// Asks ``RunLimits`` whether to stop once per ``interval`` units of work, so the innermost
/// loops pay one subtraction per step.
struct StopCheck {
    /// Units of work between two questions: a few thousand cheap loop steps, well under a
    /// millisecond.
    static let interval = 1 << 14

    let limits: RunLimits
    /// Zero at first, so the first step asks: a stop that came before the loop ends it at once.
    private var left = 0

    init(_ limits: RunLimits) { self.limits = limits }

    /// Counts `work` units done and asks whether to stop once enough have passed.
    @inline(__always)
    mutating func step(_ work: Int = 1) throws {
        left -= work
        if left <= 0 {
            left = StopCheck.interval
            try limits.checkStop()
        }
    }
}
