import Foundation
import StudyModel

/// Writes a ``QDAProject`` as `project.qde`, or a ``QDACodebook`` as a `.qdc` file, in the element
/// order the REFI-QDA schemas prescribe, so that the result validates against `Project.xsd`.
///
/// Selections are written with the offsets they carry; ``QDAExporter`` fills them with Unicode
/// code point offsets. Dates that are not valid `xsd:dateTime` values are left out rather than
/// written invalid. Variable values are written as the type their variable declares.
public enum QDEWriter {
    /// The namespace of REFI-QDA project files.
    public static let projectNamespace = "urn:QDA-XML:project:1.0"
    /// The namespace of REFI-QDA codebook files.
    public static let codebookNamespace = "urn:QDA-XML:codebook:1.0"

    /// The text of `project.qde` for `project`.
    public static func project(_ project: QDAProject) -> String {
        var xml = XMLWriter()
        xml.start("Project", [
            ("xmlns", projectNamespace), ("name", project.name), ("origin", project.origin),
            ("creatingUserGUID", project.creatingUserGUID), ("creationDateTime", dateTime(project.creationDateTime)),
            ("modifyingUserGUID", project.modifyingUserGUID), ("modifiedDateTime", dateTime(project.modifiedDateTime)),
            ("basePath", project.basePath),
        ])
        xml.list("Users", project.users) { user, xml in
            xml.empty("User", [("guid", user.guid), ("name", user.name), ("id", user.id)])
        }
        if !project.codes.isEmpty {
            xml.start("CodeBook")
            writeCodes(project.codes, to: &xml)
            xml.close()
        }
        let variableTypes = Dictionary(project.variables.map { ($0.guid, $0.type) }, uniquingKeysWith: { first, _ in first })
        writeVariables(project.variables, to: &xml)
        writeCases(project.cases, types: variableTypes, to: &xml)
        xml.list("Sources", project.sources) { source, xml in writeSource(source, types: variableTypes, to: &xml) }
        xml.list("Notes", project.notes, writeNote)
        writeSets(project.sets, to: &xml)
        xml.textElement("Description", project.description)
        refs("NoteRef", project.noteRefs, to: &xml)
        xml.close()
        return xml.text
    }

    /// The text of a `.qdc` codebook file for `codebook`.
    public static func codebook(_ codebook: QDACodebook) -> String {
        var xml = XMLWriter()
        xml.start("CodeBook", [("xmlns", codebookNamespace), ("origin", codebook.origin)])
        writeCodes(codebook.codes, to: &xml)
        writeSets(codebook.sets, to: &xml)
        xml.close()
        return xml.text
    }

    // MARK: - Elements

    private static func writeCodes(_ codes: [QDACode], to xml: inout XMLWriter) {
        xml.list("Codes", codes, writeCode)
    }

    private static func writeCode(_ code: QDACode, to xml: inout XMLWriter) {
        let attributes: [(String, String?)] = [
            ("guid", code.guid), ("name", code.name), ("isCodable", code.isCodable ? "true" : "false"),
            ("color", code.color),
        ]
        guard code.description != nil || !code.noteRefs.isEmpty || !code.children.isEmpty else {
            xml.empty("Code", attributes)
            return
        }
        xml.start("Code", attributes)
        xml.textElement("Description", code.description)
        refs("NoteRef", code.noteRefs, to: &xml)
        for child in code.children { writeCode(child, to: &xml) }
        xml.close()
    }

    private static func writeVariables(_ variables: [QDAVariable], to xml: inout XMLWriter) {
        xml.list("Variables", variables) { variable, xml in
            let attributes = [("guid", variable.guid), ("name", variable.name), ("typeOfVariable", variable.type.rawValue)]
            if let description = variable.description {
                xml.start("Variable", attributes)
                xml.textElement("Description", description)
                xml.close()
            } else {
                xml.empty("Variable", attributes)
            }
        }
    }

    private static func writeCases(_ cases: [QDACase], types: [String: QDAVariableType], to xml: inout XMLWriter) {
        xml.list("Cases", cases) { item, xml in
            xml.start("Case", [("guid", item.guid), ("name", item.name)])
            xml.textElement("Description", item.description)
            refs("CodeRef", item.codeRefs, to: &xml)
            writeValues(item.values, types: types, to: &xml)
            refs("SourceRef", item.sourceRefs, to: &xml)
            refs("SelectionRef", item.selectionRefs, to: &xml)
            xml.close()
        }
    }

    private static func writeValues(_ values: [QDAVariableValue], types: [String: QDAVariableType],
                                    to xml: inout XMLWriter) {
        for value in values {
            let type = types[value.variableGUID] ?? value.type
            xml.start("VariableValue")
            xml.empty("VariableRef", [("targetGUID", value.variableGUID)])
            xml.textElement(type.valueElement, value.value)
            xml.close()
        }
    }

    private static func writeSource(_ source: QDATextSource, types: [String: QDAVariableType],
                                    to xml: inout XMLWriter) {
        xml.start("TextSource", [
            ("guid", source.guid), ("name", source.name), ("richTextPath", source.richTextPath),
            ("plainTextPath", source.plainTextPath),
        ] + stampAttributes(source))
        xml.textElement("Description", source.description)
        if source.plainTextPath == nil { xml.textElement("PlainTextContent", source.plainTextContent ?? source.text ?? "") }
        for selection in source.selections {
            xml.start("PlainTextSelection", [
                ("guid", selection.guid), ("name", selection.name), ("startPosition", String(selection.start)),
                ("endPosition", String(selection.end)),
            ] + stampAttributes(selection))
            xml.textElement("Description", selection.description)
            for coding in selection.codings { writeCoding(coding, to: &xml) }
            refs("NoteRef", selection.noteRefs, to: &xml)
            xml.close()
        }
        for coding in source.codings { writeCoding(coding, to: &xml) }
        refs("NoteRef", source.noteRefs, to: &xml)
        writeValues(source.values, types: types, to: &xml)
        xml.close()
    }

    /// Who made and changed an element and when, as its attributes.
    private static func stampAttributes(_ item: some QDAStamped) -> [(String, String?)] {
        [("creatingUser", item.creatingUser), ("creationDateTime", dateTime(item.creationDateTime)),
         ("modifyingUser", item.modifyingUser), ("modifiedDateTime", dateTime(item.modifiedDateTime))]
    }

    private static func writeCoding(_ coding: QDACoding, to xml: inout XMLWriter) {
        xml.start("Coding", [
            ("guid", coding.guid), ("creatingUser", coding.creatingUser),
            ("creationDateTime", dateTime(coding.creationDateTime)),
        ])
        xml.empty("CodeRef", [("targetGUID", coding.codeGUID)])
        refs("NoteRef", coding.noteRefs, to: &xml)
        xml.close()
    }

    private static func writeNote(_ note: QDANote, to xml: inout XMLWriter) {
        xml.start("Note", [
            ("guid", note.guid), ("name", note.name), ("creatingUser", note.creatingUser),
            ("creationDateTime", dateTime(note.creationDateTime)),
        ])
        xml.textElement("Description", note.description)
        xml.textElement("PlainTextContent", note.text)
        xml.close()
    }

    private static func writeSets(_ sets: [QDASet], to xml: inout XMLWriter) {
        xml.list("Sets", sets) { set, xml in
            xml.start("Set", [("guid", set.guid), ("name", set.name)])
            xml.textElement("Description", set.description)
            refs("MemberCode", set.codeRefs, to: &xml)
            refs("MemberSource", set.sourceRefs, to: &xml)
            refs("MemberNote", set.noteRefs, to: &xml)
            xml.close()
        }
    }

    private static func refs(_ name: String, _ guids: [String], to xml: inout XMLWriter) {
        for guid in guids { xml.empty(name, [("targetGUID", guid)]) }
    }

    /// `value` when it is a valid `xsd:dateTime`, else `nil`.
    static func dateTime(_ value: String?) -> String? {
        guard let value,
              value.wholeMatch(of: /-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?/) != nil
        else { return nil }
        return value
    }
}
