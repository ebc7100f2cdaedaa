import Foundation

/// User-defined technique groups that extend the taxonomy, read from JSON or from a
/// dictionary of the same shape (as built from a Lua table):
///
/// ```json
/// { "framework": "my-study",
///   "groups": [ { "id": "18", "label": "Digital support",
///                 "techniques": [ { "id": "18.1", "label": "App reminders", "definition": "…" } ] } ] }
/// ```
public struct TaxonomyExtension: Hashable, Sendable {
    /// The extension's name, stored as the `framework` of its groups and techniques.
    public let framework: String
    /// The groups the extension adds.
    public let groups: [BCTGroup]

    /// Makes an extension from groups; their framework is set to `framework`.
    public init(framework: String, groups: [BCTGroup]) throws {
        let reserved: Set<String> = [Taxonomy.bcttv1, Taxonomy.relational]
        guard !reserved.contains(framework) else { throw FrameworkError.reservedFramework(framework) }
        self.framework = framework
        self.groups = groups.map { BCTGroup(id: $0.id, label: $0.label, framework: framework, techniques: $0.techniques) }
        // Building a taxonomy of the extension alone finds ids repeated inside it.
        _ = try Taxonomy(groups: self.groups)
    }

    /// Reads an extension from JSON; `source` (a file name, say) is named in errors.
    public init(json data: Data, source: String = "JSON") throws {
        let dictionary = try JSONObjectText.object(data, notAnObject: "the top level must be an object") { reason in
            FrameworkError.invalidExtension(source: source, detail: reason)
        }
        try self.init(dictionary: dictionary, source: source)
    }

    /// Reads an extension from a dictionary with `framework` and `groups` keys.
    public init(dictionary: [String: Any], source: String = "table") throws {
        let reader = Reader(source: source)
        let framework = try reader.text(dictionary, "framework", at: "the top level")
        guard let groupValues = dictionary["groups"] as? [Any], !groupValues.isEmpty else {
            throw reader.fail("'groups' must be a non-empty list")
        }
        var groups: [BCTGroup] = []
        for (groupNumber, groupValue) in groupValues.enumerated() {
            groups.append(try reader.group(groupValue, number: groupNumber + 1, framework: framework))
        }
        try self.init(framework: framework, groups: groups)
    }

    /// Walks the untyped dictionary, producing errors that say where the problem is.
    private struct Reader {
        let source: String

        func fail(_ detail: String) -> FrameworkError {
            .invalidExtension(source: source, detail: detail)
        }

        func text(_ object: [String: Any], _ key: String, at place: String, required: Bool = true) throws -> String {
            if let value = object[key] as? String {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { return trimmed }
            } else if let number = object[key] as? NSNumber, key == "id" {
                return number.stringValue
            }
            if required { throw fail("\(place) needs a non-empty text '\(key)'") }
            return ""
        }

        func group(_ value: Any, number: Int, framework: String) throws -> BCTGroup {
            guard let object = value as? [String: Any] else { throw fail("group \(number) must be an object") }
            let place = "group \(number)"
            let id = try text(object, "id", at: place)
            let label = try text(object, "label", at: place)
            guard let techniqueValues = object["techniques"] as? [Any], !techniqueValues.isEmpty else {
                throw fail("\(place) ('\(id)') needs a non-empty list 'techniques'")
            }
            var techniques: [BCT] = []
            for (index, techniqueValue) in techniqueValues.enumerated() {
                let techniquePlace = "technique \(index + 1) of group '\(id)'"
                guard let technique = techniqueValue as? [String: Any] else {
                    throw fail("\(techniquePlace) must be an object")
                }
                let definition = try text(technique, "definition", at: techniquePlace, required: false)
                techniques.append(BCT(
                    id: try text(technique, "id", at: techniquePlace),
                    label: try text(technique, "label", at: techniquePlace),
                    groupID: id, definition: definition.isEmpty ? nil : definition, framework: framework))
            }
            return BCTGroup(id: id, label: label, framework: framework, techniques: techniques)
        }
    }
}
