/// A behaviour change technique: one of the 93 of BCTTv1, one of the relational group 17,
/// or one added by a project extension.
public struct BCT: Hashable, Sendable, Codable {
    /// Technique number, such as `3.1` or `17.2`.
    public var id: String
    /// The technique's name, exactly as the taxonomy gives it.
    public var label: String
    /// The number of the group the technique belongs to (`3` for `3.1`).
    public var groupID: String
    /// A short explanation of the technique.
    public var definition: String?
    /// Where the technique comes from: `bcttv1`, `relational`, or an extension's name.
    public var framework: String

    /// Makes a technique.
    public init(id: String, label: String, groupID: String, definition: String? = nil, framework: String) {
        self.id = id
        self.label = label
        self.groupID = groupID
        self.definition = definition
        self.framework = framework
    }

    /// True for techniques outside BCTTv1 (the relational group and project extensions).
    public var isExtension: Bool { framework != Taxonomy.bcttv1 }
}

/// A numbered group of techniques, such as `3 Social support`.
public struct BCTGroup: Hashable, Sendable, Codable {
    /// Group number, such as `3` or `17`.
    public var id: String
    /// The group's name.
    public var label: String
    /// Where the group comes from: `bcttv1`, `relational`, or an extension's name.
    public var framework: String
    /// The group's techniques in taxonomy order.
    public var techniques: [BCT]

    /// Makes a group; each technique's `groupID` and `framework` are set to the group's.
    public init(id: String, label: String, framework: String, techniques: [BCT]) {
        self.id = id
        self.label = label
        self.framework = framework
        self.techniques = techniques.map { technique in
            var technique = technique
            technique.groupID = id
            technique.framework = framework
            return technique
        }
    }
}
