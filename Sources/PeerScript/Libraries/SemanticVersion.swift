import Foundation

/// A semantic version (`MAJOR.MINOR.PATCH`, optionally `-prerelease` and `+build`), ordered by
/// the Semantic Versioning 2.0.0 precedence rules.
public struct SemanticVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Incremented for changes that break users.
    public var major: Int
    /// Incremented for additions that keep compatibility.
    public var minor: Int
    /// Incremented for fixes.
    public var patch: Int
    /// Dot-separated pre-release identifiers (`["beta", "2"]` for `-beta.2`); empty for a release.
    public var prerelease: [String]
    /// Build metadata after `+`; ignored when ordering.
    public var build: String?

    /// Makes a release version.
    public init(_ major: Int, _ minor: Int, _ patch: Int) {
        self.major = major
        self.minor = minor
        self.patch = patch
        prerelease = []
        build = nil
    }

    /// Parses `text`; nil when it is not a semantic version.
    public init?(_ text: String) {
        var rest = Substring(text)
        if let plus = rest.firstIndex(of: "+") {
            let metadata = rest[rest.index(after: plus)...]
            guard Self.validIdentifiers(metadata, numericMayLeadWithZero: true) else { return nil }
            build = String(metadata)
            rest = rest[..<plus]
        } else {
            build = nil
        }
        if let dash = rest.firstIndex(of: "-") {
            let identifiers = rest[rest.index(after: dash)...]
            guard Self.validIdentifiers(identifiers, numericMayLeadWithZero: false) else { return nil }
            prerelease = identifiers.split(separator: ".").map(String.init)
            rest = rest[..<dash]
        } else {
            prerelease = []
        }
        let numbers = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard numbers.count == 3, numbers.allSatisfy(Self.isNumber),
              let major = Int(numbers[0]), let minor = Int(numbers[1]), let patch = Int(numbers[2]) else { return nil }
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if let build { text += "+" + build }
        return text
    }

    public static func < (left: SemanticVersion, right: SemanticVersion) -> Bool {
        let l = [left.major, left.minor, left.patch], r = [right.major, right.minor, right.patch]
        if l != r { return l.lexicographicallyPrecedes(r) }
        // A pre-release comes before its release; pre-releases compare identifier by identifier.
        switch (left.prerelease.isEmpty, right.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        default: break
        }
        for (a, b) in zip(left.prerelease, right.prerelease) where a != b {
            switch (numericValue(a), numericValue(b)) {
            case let (x?, y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a < b
            }
        }
        return left.prerelease.count < right.prerelease.count
    }

    /// Equal when they order the same: build metadata does not count.
    public static func == (left: SemanticVersion, right: SemanticVersion) -> Bool {
        left.major == right.major && left.minor == right.minor && left.patch == right.patch
            && left.prerelease == right.prerelease
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease)
    }

    /// The identifier's number when it is all digits (numeric identifiers order as numbers).
    private static func numericValue(_ identifier: String) -> Int? {
        identifier.allSatisfy { $0.isASCII && $0.isNumber } ? Int(identifier) : nil
    }

    /// Digits only, without a leading zero unless it is `0` itself.
    private static func isNumber(_ text: Substring) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && $0.isNumber } && (text == "0" || text.first != "0")
    }

    private static func validIdentifiers(_ text: Substring, numericMayLeadWithZero: Bool) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in
            guard !part.isEmpty, part.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return false }
            let numeric = part.allSatisfy { $0.isNumber }
            return !numeric || numericMayLeadWithZero || isNumber(part)
        }
    }
}

/// The lowest version a library accepts of PeerScript or of another library: written as a
/// version (`"1.2.0"`, meaning that version or later), optionally after `>=`, or `*` for any.
public struct VersionRequirement: Sendable, Hashable, CustomStringConvertible {
    /// The lowest acceptable version, or nil for any version.
    public var minimum: SemanticVersion?

    /// A requirement of at least `minimum` (any version when nil).
    public init(minimum: SemanticVersion?) { self.minimum = minimum }

    /// Parses `"1.2.0"`, `">=1.2.0"`, `"*"` or `""`; nil for anything else.
    public init?(_ text: String) {
        var trimmed = Substring(text.trimmingCharacters(in: .whitespaces))
        if trimmed.isEmpty || trimmed == "*" {
            minimum = nil
            return
        }
        if trimmed.hasPrefix(">=") { trimmed = trimmed.dropFirst(2).drop { $0 == " " } }
        guard let version = SemanticVersion(String(trimmed)) else { return nil }
        minimum = version
    }

    /// Whether `version` meets the requirement.
    public func accepts(_ version: SemanticVersion) -> Bool {
        minimum.map { version >= $0 } ?? true
    }

    public var description: String { minimum.map { "\($0) or later" } ?? "any version" }
}
