
/// The depth of a code in a codebook tree.
public enum CodeLevel: String, CaseIterable, Sendable, Codable {
    /// A top-level theme.
    case theme
    /// A grouping of codes under a theme.
    case category
    /// A code applied to text.
    case code
}

/// A link from a code to a technique or principle, with a one-line reason for it.
public struct CodeMapping: Hashable, Sendable, Codable {
    /// The technique id (`3.3`, `17.1`) or principle id (`P2`, `DIV`) the code maps to.
    public var targetID: String
    /// Why the code is taken as evidence of that technique or principle.
    public var rationale: String?

    /// Makes a mapping.
    public init(targetID: String, rationale: String? = nil) {
        self.targetID = targetID
        self.rationale = rationale
    }
}

/// One node of a codebook (a row of `codes`, with its rows of `code_bcts` and `code_principles`).
public struct Code: Hashable, Sendable, Codable {
    /// Code identifier, unique across all codebooks of a project (e.g. `cm.trust.connection`).
    public var id: String
    /// The codebook the code belongs to (e.g. `change-model`).
    public var codebook: String
    /// The parent code, nil for a top-level theme.
    public var parentID: String?
    /// Short name of the code.
    public var label: String
    /// What the code covers.
    public var description: String?
    /// Display colour as `#RRGGBB`.
    public var colour: String?
    /// Theme, category or code.
    public var level: CodeLevel
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?
    /// Position among its siblings.
    public var sortOrder: Int
    /// Techniques this code is evidence of.
    public var bcts: [CodeMapping] = []
    /// Principles this code is evidence of.
    public var principles: [CodeMapping] = []

    /// The Codable form is the code's own fields under the column names of `codes`; its
    /// mappings are rows of `code_bcts` and `code_principles`, so they start empty when a code is
    /// decoded.
    private enum CodingKeys: String, CodingKey {
        case id, codebook, parentID = "parent_id", label, description, colour, level, guid, sortOrder = "sort_order"
    }

    /// Makes a code.
    public init(
        id: String, codebook: String, parentID: String? = nil, label: String, description: String? = nil,
        colour: String? = nil, level: CodeLevel, guid: String? = nil, sortOrder: Int = 0,
        bcts: [CodeMapping] = [], principles: [CodeMapping] = []
    ) {
        self.id = id
        self.codebook = codebook
        self.parentID = parentID
        self.label = label
        self.description = description
        self.colour = colour
        self.level = level
        self.guid = guid
        self.sortOrder = sortOrder
        self.bcts = bcts
        self.principles = principles
    }
}
