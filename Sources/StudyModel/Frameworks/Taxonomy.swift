import Foundation

/// A behaviour change technique taxonomy: BCTTv1's 16 groups, the relational group 17 and any
/// project extension groups, with look-up by id and text search.
public struct Taxonomy: Hashable, Sendable {
    /// Framework name of the 93 techniques of BCTTv1.
    public static let bcttv1 = "bcttv1"
    /// Framework name of the relational group 17.
    public static let relational = "relational"

    /// All groups in order: BCTTv1 1–16, then 17, then extensions in the order they were added.
    public let groups: [BCTGroup]
    /// All techniques in group order.
    public let techniques: [BCT]
    private let techniqueIndex: [String: Int]
    private let groupIndex: [String: Int]

    /// Builds a taxonomy from groups; throws when a group or technique id appears twice.
    public init(groups: [BCTGroup]) throws {
        var groupIndex: [String: Int] = [:]
        var techniqueIndex: [String: Int] = [:]
        var techniques: [BCT] = []
        for (position, group) in groups.enumerated() {
            if let earlier = groupIndex[group.id] {
                throw FrameworkError.duplicateGroup(id: group.id, existingFramework: groups[earlier].framework)
            }
            groupIndex[group.id] = position
            for technique in group.techniques {
                if let earlier = techniqueIndex[technique.id] {
                    throw FrameworkError.duplicateTechnique(
                        id: technique.id, existingFramework: techniques[earlier].framework)
                }
                techniqueIndex[technique.id] = techniques.count
                techniques.append(technique)
            }
        }
        self.groups = groups
        self.techniques = techniques
        self.techniqueIndex = techniqueIndex
        self.groupIndex = groupIndex
    }

    /// BCTTv1 (16 groups, 93 techniques) followed by the relational group 17.
    public static var standard: Taxonomy { BuiltInFrameworks.shared.taxonomy }

    /// The technique with this id (`3.1`), if any. Surrounding spaces are ignored.
    public func bct(_ id: String) -> BCT? {
        techniqueIndex[id.trimmingCharacters(in: .whitespaces)].map { techniques[$0] }
    }

    /// The group with this id (`3`, `17`), if any. Surrounding spaces are ignored.
    public func group(_ id: String) -> BCTGroup? {
        groupIndex[id.trimmingCharacters(in: .whitespaces)].map { groups[$0] }
    }

    /// The groups that come from one framework (`bcttv1`, `relational`, or an extension name).
    public func groups(inFramework framework: String) -> [BCTGroup] {
        groups.filter { $0.framework == framework }
    }

    /// Techniques matching `query`, best matches first. Every word of the query must occur in
    /// the technique's id, label, group label or definition; case, accents and the kind of
    /// apostrophe are ignored. An exact id comes first, then label matches, then the rest.
    public func search(_ query: String) -> [BCT] {
        let wanted = Taxonomy.fold(query)
        let words = wanted.split(whereSeparator: \.isWhitespace).map(String.init)
        guard !words.isEmpty else { return [] }
        var scored: [(score: Int, position: Int)] = []
        for (position, technique) in techniques.enumerated() {
            let label = Taxonomy.fold(technique.label)
            let groupLabel = group(technique.groupID).map { Taxonomy.fold($0.label) } ?? ""
            let haystack = [technique.id, label, groupLabel, Taxonomy.fold(technique.definition ?? "")]
                .joined(separator: " ")
            guard words.allSatisfy({ haystack.contains($0) }) else { continue }
            let score = technique.id == wanted ? 0 : label.contains(wanted) ? 1 : groupLabel.contains(wanted) ? 2 : 3
            scored.append((score, position))
        }
        return scored.sorted { ($0.score, $0.position) < ($1.score, $1.position) }.map { techniques[$0.position] }
    }

    /// A taxonomy with the extension's groups added after the existing ones; throws when an
    /// extension id collides with one already present.
    public func extended(with extension: TaxonomyExtension) throws -> Taxonomy {
        for group in `extension`.groups {
            if let existing = self.group(group.id) {
                throw FrameworkError.duplicateGroup(id: group.id, existingFramework: existing.framework)
            }
            for technique in group.techniques {
                if let existing = bct(technique.id) {
                    throw FrameworkError.duplicateTechnique(id: technique.id, existingFramework: existing.framework)
                }
            }
        }
        return try Taxonomy(groups: groups + `extension`.groups)
    }

    /// A taxonomy with what `extension` adds to this one: techniques already present with the
    /// same group, label and definition are kept once, new techniques join their group (a group
    /// of the same framework and label) or a new group. Repeating an extension, as a script
    /// does for one its project already stores, is then harmless, while an id that means
    /// something else still throws. `added` holds the groups gained, with the new techniques only.
    public func merged(with extension: TaxonomyExtension) throws -> (taxonomy: Taxonomy, added: [BCTGroup]) {
        var groups = self.groups
        var added: [BCTGroup] = []
        for group in `extension`.groups {
            let position = groups.firstIndex { $0.id == group.id }
            if let position, groups[position].framework != group.framework || groups[position].label != group.label {
                throw FrameworkError.duplicateGroup(id: group.id, existingFramework: groups[position].framework)
            }
            let fresh = try group.techniques.filter { try isNew($0) }
            if let position {
                groups[position].techniques += fresh
            } else {
                groups.append(group)
            }
            if !fresh.isEmpty { added.append(BCTGroup(id: group.id, label: group.label, framework: group.framework, techniques: fresh)) }
        }
        return (try Taxonomy(groups: groups), added)
    }

    /// False for a technique this taxonomy has exactly; throws for an id it uses otherwise.
    private func isNew(_ technique: BCT) throws -> Bool {
        guard let existing = bct(technique.id) else { return true }
        guard existing == technique else {
            throw FrameworkError.duplicateTechnique(id: technique.id, existingFramework: existing.framework)
        }
        return false
    }

    /// A taxonomy extended with groups read from extension JSON (see `TaxonomyExtension`).
    public func extended(withJSON data: Data, source: String = "JSON") throws -> Taxonomy {
        try extended(with: TaxonomyExtension(json: data, source: source))
    }

    /// Lower-case, accent-free text with typographic apostrophes made plain, for matching.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "\u{2019}", with: "'")
            .trimmingCharacters(in: .whitespaces)
    }
}
