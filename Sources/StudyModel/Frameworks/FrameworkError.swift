import Foundation

/// A problem with framework data: a taxonomy extension that cannot be read or that clashes
/// with techniques already defined.
public enum FrameworkError: Error, Equatable, Sendable {
    /// An extension gives a technique id that already exists (in `existingFramework`).
    case duplicateTechnique(id: String, existingFramework: String)
    /// An extension gives a group id that already exists (in `existingFramework`).
    case duplicateGroup(id: String, existingFramework: String)
    /// An extension uses a framework name reserved for the built-in data.
    case reservedFramework(String)
    /// An extension's content is malformed; `detail` says where and how.
    case invalidExtension(source: String, detail: String)
}

extension FrameworkError: DescribedError {
    /// A sentence naming the offending id or file and what to do about it.
    public var description: String {
        switch self {
        case let .duplicateTechnique(id, framework):
            return Self.taken("technique", id, by: framework)
        case let .duplicateGroup(id, framework):
            return Self.taken("group", id, by: framework, free: " (18 or above)")
        case let .reservedFramework(name):
            return "framework name '\(name)' is reserved for the built-in taxonomy; name the extension after your project"
        case let .invalidExtension(source, detail):
            return "taxonomy extension \(source): \(detail)"
        }
    }

    /// Techniques and groups clash the same way; `free` says which numbers are left.
    private static func taken(_ kind: String, _ id: String, by framework: String, free: String = "") -> String {
        "\(kind) id '\(id)' is already defined by '\(framework)'; give the extension \(kind) another number\(free)"
    }
}
