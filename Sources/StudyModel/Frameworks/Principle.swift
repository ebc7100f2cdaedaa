/// A principle of mental-health peer support (`P1`…`P5`) or the cross-cutting
/// diversity of lived experience (`DIV`).
public struct Principle: Hashable, Sendable, Codable {
    /// `P1` to `P5`, or `DIV`.
    public var id: String
    /// The principle's short name.
    public var label: String
    /// What the principle means in practice.
    public var description: String
    /// True for a principle that runs across all the others rather than standing beside them.
    public var crossCutting: Bool

    /// Makes a principle.
    public init(id: String, label: String, description: String, crossCutting: Bool = false) {
        self.id = id
        self.label = label
        self.description = description
        self.crossCutting = crossCutting
    }
}

/// The set of peer-support principles codings and fidelity items refer to.
public struct PrinciplesFramework: Hashable, Sendable {
    /// All principles, `P1`…`P5` first and cross-cutting ones last.
    public let principles: [Principle]

    /// Makes a framework from a list of principles.
    public init(principles: [Principle]) {
        self.principles = principles
    }

    /// The five peer-support principles and the cross-cutting diversity of lived experience.
    public static var standard: PrinciplesFramework { BuiltInFrameworks.shared.principles }

    /// The principle with this id (case-insensitive), if any.
    public func principle(_ id: String) -> Principle? {
        let wanted = id.uppercased()
        return principles.first { $0.id == wanted }
    }

    /// The principles that are not cross-cutting (`P1`…`P5` in the standard set).
    public var core: [Principle] { principles.filter { !$0.crossCutting } }
}
