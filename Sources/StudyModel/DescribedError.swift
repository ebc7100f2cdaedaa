import Foundation

/// An error whose `description` is the whole message. Foundation's `localizedDescription`
/// shows the same text, so every layer reports the error in one wording.
public protocol DescribedError: LocalizedError, CustomStringConvertible {}

extension DescribedError {
    /// The same text as `description`, for Foundation's error reporting.
    public var errorDescription: String? { description }
}
