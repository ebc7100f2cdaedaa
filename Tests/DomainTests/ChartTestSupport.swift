import Foundation
@testable import ResultTables
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Tables and XML helpers shared by the chart tests.
enum ChartSamples {
    /// Four roles by five technique groups, one with a label too long for any axis.
    static func rolesByGroup() throws -> ResultTable {
        try ResultTable(
            keyName: "participant.role", rowLabels: ["PW", "SU", "ST", "MA"],
            columnLabels: ["1. Goals and planning", "3. Social support",
                           "12. Antecedents", "13. Identity",
                           "17. Relational aspects of one-to-one peer support in mental health services"],
            counts: [[4, 12, 1, 7, 15], [2, 9, 0, 5, 11], [6, 3, 2, 1, 4], [3, 1, 0, 0, 2]],
            title: "Technique groups by role")
    }

    /// How often five relational techniques were coded on the same segment; the diagonal holds
    /// each technique's own count.
    static func cooccurrence() throws -> ResultTable {
        let labels = ["17.1 Sharing lived experience", "17.2 Mutuality", "17.3 Hope",
                      "17.4 Being alongside", "17.5 Validation of experience and feelings"]
        return try ResultTable(
            keyName: "bct.id", rowLabels: labels, columnLabels: labels,
            counts: [[14, 5, 7, 2, 0], [5, 9, 3, 0, 1], [7, 3, 11, 4, 2], [2, 0, 4, 6, 0], [0, 1, 2, 0, 3]],
            title: "Relational techniques coded together")
    }

    /// The chart parsed as XML; fails the test when it is not well-formed.
    static func parse(_ svg: String) throws -> XMLElement {
        let document = try XMLDocument(data: Data(svg.utf8), options: [])
        return try #require(document.rootElement())
    }

    /// Every element named `name` below `element`, in document order.
    static func elements(_ name: String, in element: XMLElement) -> [XMLElement] {
        (element.children ?? []).compactMap { $0 as? XMLElement }.flatMap { child in
            (child.name == name ? [child] : []) + elements(name, in: child)
        }
    }

    /// The value of attribute `name` on `element`, matched by local name so the SVG
    /// namespace does not get in the way.
    static func attribute(_ name: String, of element: XMLElement) -> String? {
        (element.attributes ?? []).first { ($0.localName ?? $0.name) == name }?.stringValue
    }

    /// The text of the `<title>` child of `element`, if it has one.
    static func tooltip(of element: XMLElement) -> String? {
        (element.children ?? []).compactMap { $0 as? XMLElement }.first { $0.name == "title" }?.stringValue
    }

    /// The folder of golden files, in the source tree so that they can be regenerated.
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/charts")
}
