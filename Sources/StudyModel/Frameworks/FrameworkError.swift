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
            return "technique id '\(id)' is already defined by '\(framework)'; give the extension technique another number"
        case let .duplicateGroup(id, framework):
            return "group id '\(id)' is already defined by '\(framework)'; give the extension group another number (18 or above)"
        case let .reservedFramework(name):
            return "framework name '\(name)' is reserved for the built-in taxonomy; name the extension after your project"
        case let .invalidExtension(source, detail):
            return "taxonomy extension \(source): \(detail)"
        }
    }
}
