import CLibXML
import Foundation

/// A parsed XML element: its local name (namespace prefix removed), attributes, child elements,
/// text content and the line it starts on. Reading REFI-QDA through this small tree, rather than
/// event by event, lets the reader accept child elements in any order.
struct XMLTree: Sendable {
    /// Local name of the element.
    var name: String
    /// Attributes by local name.
    var attributes: [String: String]
    /// Child elements in document order.
    var children: [XMLTree] = []
    /// Character data directly inside the element, concatenated.
    var text: String = ""
    /// Line of the start tag (1-based), for error messages.
    var line: Int

    /// Child elements with the given local name, in document order.
    func elements(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The first child element with the given local name.
    func element(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Text of the first child element with the given name, or `nil` when that element is absent
    /// or empty.
    func childText(_ name: String) -> String? {
        guard let child = element(name), !child.text.isEmpty else { return nil }
        return child.text
    }

    /// An attribute's value, or `nil` when it is absent or empty.
    func attribute(_ name: String) -> String? {
        guard let value = attributes[name], !value.isEmpty else { return nil }
        return value
    }

    /// The deepest nesting of elements accepted (see ``ExchangeLimits/maxNesting``).
    static let maxDepth = ExchangeLimits.maxNesting

    /// Parses `data` as XML. `file` names the file in error messages. No external entity or DTD
    /// is ever read; internal entities are expanded within libxml2's limits on expansion.
    static func parse(_ data: Data, file: String) throws -> XMLTree {
        let builder = XMLTreeBuilder()
        let outcome = builder.parse(data)
        if outcome.code == PS_XML_UNAVAILABLE {
            let reason = ps_xml_unavailable_reason().map { String(cString: $0) } ?? "unknown reason"
            throw ExchangeError.xmlLibraryUnavailable(file: file, reason: reason)
        }
        if let line = builder.tooDeepAtLine {
            throw ExchangeError.nestedTooDeeply(file: file, line: line, limit: maxDepth)
        }
        guard outcome.code == 0, let root = builder.root else {
            let reason = outcome.code == 0 || outcome.code == PS_XML_TOO_SHORT
                ? "the document has no root element" : describe(Int(outcome.code))
            throw ExchangeError.malformedXML(file: file, line: Int(outcome.line), column: Int(outcome.column),
                                             reason: reason)
        }
        return root
    }

    /// A short reason for a parser error. Codes are libxml2's (its messages are often missing, so
    /// the common cases are spelled out here), or the reader's own for a refused external entity.
    private static func describe(_ code: Int) -> String {
        switch code {
        case Int(PS_XML_EXTERNAL_REFUSED):
            return "the document refers to an external entity or DTD, and files outside it are never read"
        case 4: return "the document is empty"
        case 5: return "elements are not closed properly where the document ends"
        case 9: return "a character is not allowed there"
        case 26: return "an entity reference (&…;) names no known entity"
        case 38...42: return "an attribute is malformed or repeated"
        case 73: return "a tag is not closed with '>'"
        case 76: return "an end tag does not match the element it closes"
        case 77: return "an element is not closed"
        case 89: return "entities expand without end or far too much (an entity loop)"
        default: return "XML parser error \(code)"
        }
    }
}
