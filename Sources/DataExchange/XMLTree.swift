import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

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

    /// Parses `data` as XML. `file` names the file in error messages.
    static func parse(_ data: Data, file: String) throws -> XMLTree {
        let builder = XMLTreeBuilder()
        // Fed as a stream, libxml2 reads the document in chunks; handed the whole buffer at once it
        // stops with an internal error on documents over about 10 MB.
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        builder.parser = parser
        // Foundation on Linux can report success with an error set, so both are checked.
        let finished = parser.parse()
        if let line = builder.tooDeepAtLine {
            throw ExchangeError.nestedTooDeeply(file: file, line: line, limit: maxDepth)
        }
        if !finished || parser.parserError != nil || builder.root == nil {
            let reason = parser.parserError.map(describe) ?? "the document has no root element"
            throw ExchangeError.malformedXML(file: file, line: parser.lineNumber,
                                             column: parser.columnNumber, reason: reason)
        }
        return builder.root!
    }

    /// A short reason for a parser error. Error codes are libxml2's on every platform (Foundation
    /// passes them through), and its messages are often missing, so the common cases are spelled
    /// out here.
    private static func describe(_ error: Error) -> String {
        let code = (error as NSError).code
        switch code {
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

/// Collects parser events into an ``XMLTree``. Used only while one parse runs, on one thread.
private final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    weak var parser: XMLParser?
    var stack: [XMLTree] = []
    var root: XMLTree?
    /// Line of the first element nested deeper than ``XMLTree/maxDepth``; parsing stops there.
    var tooDeepAtLine: Int?

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
        guard tooDeepAtLine == nil else { return }
        guard stack.count < XMLTree.maxDepth else {
            tooDeepAtLine = parser.lineNumber
            parser.abortParsing()
            return
        }
        var attributes: [String: String] = [:]
        for (key, value) in attributeDict {
            attributes[localName(key)] = value
        }
        stack.append(XMLTree(name: localName(elementName), attributes: attributes, line: parser.lineNumber))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?) {
        guard tooDeepAtLine == nil, let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += String(decoding: CDATABlock, as: UTF8.self)
    }

    private func localName(_ name: String) -> String {
        // Searching the UTF-8 view avoids Character processing for every element and attribute.
        guard let colon = name.utf8.lastIndex(of: UInt8(ascii: ":")) else { return name }
        return String(name[name.utf8.index(after: colon)...])
    }
}
