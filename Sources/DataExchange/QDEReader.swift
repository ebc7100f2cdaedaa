import Foundation
import StudyModel

/// Reads REFI-QDA XML — a project (`project.qde`) or a codebook (`.qdc`) — into the plain model of
/// ``QDAProject`` and ``QDACodebook``.
///
/// The reader is lenient where real files differ from the schema and strict where a guess would
/// corrupt data: child elements may come in any order, optional elements may be missing or empty,
/// GUIDs may be in any case or braced; but a missing or unreadable GUID or offset stops the read
/// with an error naming the element and its line.
public struct QDEReader: Sendable {
    /// Name of the file being read, for error messages.
    public let file: String

    /// Creates a reader whose errors name `file`.
    public init(file: String) { self.file = file }

    /// Reads a whole project from the bytes of a `project.qde`.
    public func readProject(_ data: Data) throws -> QDAProject {
        let root = try XMLTree.parse(data, file: file)
        guard root.name == "Project" else {
            throw ExchangeError.wrongRootElement(file: file, found: root.name, expected: "Project")
        }
        var project = QDAProject(name: root.attribute("name") ?? "")
        project.origin = root.attribute("origin")
        project.creatingUserGUID = try optionalGUID(root, "creatingUserGUID")
        project.creationDateTime = root.attribute("creationDateTime")
        project.modifyingUserGUID = try optionalGUID(root, "modifyingUserGUID")
        project.modifiedDateTime = root.attribute("modifiedDateTime")
        project.basePath = root.attribute("basePath")
        project.description = root.childText("Description")
        project.noteRefs = try refs(root, "NoteRef")
        for child in root.children {
            try readSection(child, into: &project)
        }
        return project
    }

    /// Reads a codebook from the bytes of a `.qdc` file.
    public func readCodebook(_ data: Data) throws -> QDACodebook {
        let root = try XMLTree.parse(data, file: file)
        guard root.name == "CodeBook" else {
            throw ExchangeError.wrongRootElement(file: file, found: root.name, expected: "CodeBook")
        }
        var codebook = QDACodebook(origin: root.attribute("origin"))
        for codes in root.elements("Codes") {
            codebook.codes += try codes.elements("Code").map(code)
        }
        for sets in root.elements("Sets") {
            codebook.sets += try sets.elements("Set").map(set)
        }
        return codebook
    }

    // MARK: - Sections

    private func readSection(_ section: XMLTree, into project: inout QDAProject) throws {
        switch section.name {
        case "Users":
            project.users += try section.elements("User").map(user)
        case "CodeBook":
            for codes in section.elements("Codes") {
                project.codes += try codes.elements("Code").map(code)
            }
        case "Variables":
            project.variables += try section.elements("Variable").map(variable)
        case "Cases":
            project.cases += try section.elements("Case").map(qdaCase)
        case "Sources":
            for source in section.children {
                if source.name == "TextSource" {
                    project.sources.append(try textSource(source))
                } else {
                    project.notKept[source.name, default: 0] += 1
                }
            }
        case "Notes":
            project.notes += try section.elements("Note").map(note)
        case "Sets":
            project.sets += try section.elements("Set").map(set)
        case "Links", "Graphs":
            let count = section.children.count
            if count > 0 { project.notKept[String(section.name.dropLast()), default: 0] += count }
        default:
            break
        }
    }

    private func user(_ element: XMLTree) throws -> QDAUser {
        QDAUser(guid: try guid(element), name: element.attribute("name"), id: element.attribute("id"))
    }

    private func code(_ element: XMLTree) throws -> QDACode {
        QDACode(
            guid: try guid(element),
            name: element.attributes["name"] ?? "",
            isCodable: element.attribute("isCodable").map { $0 == "true" || $0 == "1" } ?? true,
            color: element.attribute("color").flatMap(Self.normalisedColour),
            description: element.childText("Description"),
            noteRefs: try refs(element, "NoteRef"),
            children: try element.elements("Code").map(code)
        )
    }

    private func variable(_ element: XMLTree) throws -> QDAVariable {
        let typeName = element.attribute("typeOfVariable") ?? "Text"
        let type = QDAVariableType.allCases.first { $0.rawValue.lowercased() == typeName.lowercased() } ?? .text
        return QDAVariable(guid: try guid(element), name: element.attributes["name"] ?? "",
                           type: type, description: element.childText("Description"))
    }

    private func variableValues(_ element: XMLTree) throws -> [QDAVariableValue] {
        try element.elements("VariableValue").compactMap { valueElement in
            guard let reference = valueElement.element("VariableRef") else { return nil }
            let variableGUID = try guid(reference, attribute: "targetGUID")
            for type in QDAVariableType.allCases {
                if let carrier = valueElement.element(type.valueElement) {
                    return QDAVariableValue(variableGUID: variableGUID, type: type, value: carrier.text)
                }
            }
            return QDAVariableValue(variableGUID: variableGUID, type: .text, value: "")
        }
    }

    private func qdaCase(_ element: XMLTree) throws -> QDACase {
        var result = QDACase(guid: try guid(element), name: element.attribute("name"),
                             description: element.childText("Description"))
        result.codeRefs = try refs(element, "CodeRef")
        result.values = try variableValues(element)
        result.sourceRefs = try refs(element, "SourceRef")
        result.selectionRefs = try refs(element, "SelectionRef")
        return result
    }

    private func textSource(_ element: XMLTree) throws -> QDATextSource {
        var source = QDATextSource(guid: try guid(element), name: element.attribute("name"))
        source.plainTextPath = element.attribute("plainTextPath")
        source.richTextPath = element.attribute("richTextPath")
        source.plainTextContent = element.element("PlainTextContent")?.text
        try readStamps(element, into: &source)
        source.selections = try element.elements("PlainTextSelection").map(selection)
        source.codings = try element.elements("Coding").map(coding)
        source.noteRefs = try refs(element, "NoteRef")
        source.values = try variableValues(element)
        source.line = element.line
        return source
    }

    /// Reads who made and changed an element and when, and its description.
    private func readStamps(_ element: XMLTree, into item: inout some QDAStamped) throws {
        item.creatingUser = try optionalGUID(element, "creatingUser")
        item.creationDateTime = element.attribute("creationDateTime")
        item.modifyingUser = try optionalGUID(element, "modifyingUser")
        item.modifiedDateTime = element.attribute("modifiedDateTime")
        item.description = element.childText("Description")
    }

    private func selection(_ element: XMLTree) throws -> QDASelection {
        var result = QDASelection(guid: try guid(element), name: element.attributes["name"],
                                  start: try integer(element, "startPosition"),
                                  end: try integer(element, "endPosition"))
        try readStamps(element, into: &result)
        result.codings = try element.elements("Coding").map(coding)
        result.noteRefs = try refs(element, "NoteRef")
        result.line = element.line
        return result
    }

    /// A coding without a `CodeRef` is kept with an empty code GUID, so that the import reports it
    /// as dangling instead of silently dropping it.
    private func coding(_ element: XMLTree) throws -> QDACoding {
        let codeGUID = try element.element("CodeRef").map { try guid($0, attribute: "targetGUID") } ?? ""
        return QDACoding(guid: try guid(element), codeGUID: codeGUID,
                         creatingUser: try optionalGUID(element, "creatingUser"),
                         creationDateTime: element.attribute("creationDateTime"),
                         noteRefs: try refs(element, "NoteRef"))
    }

    private func note(_ element: XMLTree) throws -> QDANote {
        QDANote(guid: try guid(element), name: element.attribute("name"),
                text: element.element("PlainTextContent")?.text ?? "",
                plainTextPath: element.attribute("plainTextPath"),
                creatingUser: try optionalGUID(element, "creatingUser"),
                creationDateTime: element.attribute("creationDateTime"),
                description: element.childText("Description"))
    }

    private func set(_ element: XMLTree) throws -> QDASet {
        var result = QDASet(guid: try guid(element), name: element.attributes["name"] ?? "",
                            description: element.childText("Description"))
        result.codeRefs = try refs(element, "MemberCode")
        result.sourceRefs = try refs(element, "MemberSource")
        result.noteRefs = try refs(element, "MemberNote")
        return result
    }

    // MARK: - Attributes

    private func guid(_ element: XMLTree, attribute: String = "guid") throws -> String {
        let raw = element.attributes[attribute]
        guard let raw, let canonical = QDAGUID.canonical(raw) else {
            throw ExchangeError.badAttribute(file: file, element: element.name, line: element.line,
                                             attribute: attribute, value: raw)
        }
        return canonical
    }

    private func optionalGUID(_ element: XMLTree, _ attribute: String) throws -> String? {
        guard element.attribute(attribute) != nil else { return nil }
        return try guid(element, attribute: attribute)
    }

    private func refs(_ element: XMLTree, _ name: String) throws -> [String] {
        try element.elements(name).map { try guid($0, attribute: "targetGUID") }
    }

    private func integer(_ element: XMLTree, _ attribute: String) throws -> Int {
        let raw = element.attributes[attribute]
        guard let raw, let value = Int(raw) ?? Int(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ExchangeError.badAttribute(file: file, element: element.name, line: element.line,
                                             attribute: attribute, value: raw)
        }
        return value
    }

    /// `#RGB` or `#RRGGBB` in any case, as upper-case `#RRGGBB`; anything else is dropped because
    /// no other spelling is defined by the standard.
    static func normalisedColour(_ raw: String) -> String? {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard text.hasPrefix("#") else { return nil }
        let digits = Array(text.dropFirst().uppercased())
        guard digits.allSatisfy(\.isHexDigit) else { return nil }
        switch digits.count {
        case 6: return "#" + String(digits)
        case 3: return "#" + digits.map { "\($0)\($0)" }.joined()
        default: return nil
        }
    }
}
