import Foundation

/// The framework data shipped in the package resources, decoded once on first use.
struct BuiltInFrameworks: Sendable {
    let taxonomy: Taxonomy
    let principles: PrinciplesFramework
    let codebooks: [Codebook]

    /// Loaded lazily and thread-safely (Swift initialises static lets exactly once).
    static let shared: BuiltInFrameworks = {
        do {
            return try BuiltInFrameworks()
        } catch {
            // The resources are part of the build; if they cannot be read the package is broken.
            preconditionFailure("the built-in framework data are damaged: \(error)")
        }
    }()

    init() throws {
        let bcttv1 = try Self.decode(TaxonomyFile.self, "bcttv1")
        let relational = try Self.decode(TaxonomyFile.self, "relational")
        taxonomy = try Taxonomy(groups: bcttv1.bctGroups() + relational.bctGroups())
        principles = PrinciplesFramework(principles: try Self.decode(PrinciplesFile.self, "principles").principles)
        codebooks = try Self.decode(CodebooksFile.self, "codebooks").codebooks.map { $0.codebook() }
    }

    /// Decodes `Resources/<name>.json` from the module bundle.
    package static func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Resources") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Resources/\(name).json"])
        }
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }
}

/// The layout of `bcttv1.json` and `relational.json`.
private struct TaxonomyFile: Decodable {
    struct Group: Decodable {
        let id: String
        let label: String
        let techniques: [Technique]
    }
    struct Technique: Decodable {
        let id: String
        let label: String
        let definition: String?
    }
    let framework: String
    let groups: [Group]

    func bctGroups() -> [BCTGroup] {
        groups.map { group in
            BCTGroup(id: group.id, label: group.label, framework: framework, techniques: group.techniques.map {
                BCT(id: $0.id, label: $0.label, groupID: group.id, definition: $0.definition, framework: framework)
            })
        }
    }
}

/// The layout of `principles.json`.
private struct PrinciplesFile: Decodable {
    let principles: [Principle]
}

/// The layout of `codebooks.json`: codebooks as nested trees, each node listing its children.
private struct CodebooksFile: Decodable {
    struct Mapping: Decodable {
        let id: String
        let rationale: String?
    }
    struct Node: Decodable {
        let id: String
        let label: String
        let description: String?
        let colour: String?
        let bcts: [Mapping]?
        let principles: [Mapping]?
        let children: [Node]?
    }
    struct Book: Decodable {
        let id: String
        let name: String
        let codes: [Node]

        /// Flattens the tree: parents first, sort order from file order, level from position
        /// (roots are themes, leaves below them are codes, anything between is a category).
        func codebook() -> Codebook {
            var flat: [Code] = []
            func add(_ nodes: [Node], parent: String?, colour: String?) {
                for (order, node) in nodes.enumerated() {
                    let hasChildren = !(node.children ?? []).isEmpty
                    let level: CodeLevel = parent == nil ? .theme : hasChildren ? .category : .code
                    flat.append(Code(
                        id: node.id, codebook: id, parentID: parent, label: node.label, description: node.description,
                        colour: node.colour ?? colour, level: level, sortOrder: order,
                        bcts: (node.bcts ?? []).map { CodeMapping(targetID: $0.id, rationale: $0.rationale) },
                        principles: (node.principles ?? []).map { CodeMapping(targetID: $0.id, rationale: $0.rationale) }))
                    add(node.children ?? [], parent: node.id, colour: node.colour ?? colour)
                }
            }
            add(codes, parent: nil, colour: nil)
            return Codebook(id: id, name: name, codes: flat)
        }
    }
    let codebooks: [Book]
}
