/// Wordings that errors of several layers share, so that one kind of failure (a file the system
/// would not write, a database that would not open) reads the same wherever it is reported.
public enum FailureWording {
    /// `<problem>; <remedy>`: what went wrong, then what to do about it.
    public static func problem(_ problem: String, remedy: String) -> String {
        "\(problem); \(remedy)"
    }

    /// `could not <action> <target>: <reason>`, for an attempt the system refused.
    public static func couldNot(_ action: String, _ target: String, because reason: String) -> String {
        "could not \(action) \(target): \(reason)"
    }

    /// `cannot <action> <target>: <reason>`, for something that cannot be done as things stand.
    public static func cannot(_ action: String, _ target: String, because reason: String) -> String {
        "cannot \(action) \(target): \(reason)"
    }
}
