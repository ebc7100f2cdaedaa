@testable import DataExchange
import Foundation
import Testing

/// The XML reader under REFI-QDA import: the tree it builds, the errors it reports (worded and
/// placed as they always were), and hostile documents: entity bombs and external entities.
@Suite("XML tree", .timeLimit(.minutes(3)))
struct XMLTreeTests {
    static func parse(_ text: String) throws -> XMLTree {
        try XMLTree.parse(Data(text.utf8), file: "f.qde")
    }

    /// Every element's text and attribute values, to look for leaked content.
    static func allContent(_ tree: XMLTree) -> String {
        tree.text + tree.attributes.values.joined() + tree.children.map(allContent).joined()
    }

    /// A file in a new temporary folder holding `text`.
    static func temporaryFile(_ name: String, _ text: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xmltree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test("builds the element tree in document order, each element with the line its start tag ends on")
    func elementTree() throws {
        let root = try Self.parse("<a\n  x='1'\n  y='2'>\n<b\n/><c><d/></c><b/></a>")
        #expect(root.name == "a")
        #expect(root.line == 3)
        #expect(root.attributes == ["x": "1", "y": "2"])
        #expect(root.children.map(\.name) == ["b", "c", "b"])
        #expect(root.children.map(\.line) == [5, 5, 5])
        #expect(root.element("c")?.children.map(\.name) == ["d"])
        #expect(root.elements("b").count == 2)
        #expect(root.text == "\n")
    }

    @Test("strips namespace prefixes from elements and attributes and keeps no xmlns attribute")
    func namespaces() throws {
        let root = try Self.parse("<p:a xmlns:p='urn:x' xmlns='urn:y' p:k='v' xml:lang='en' plain='1'><p:b/><c/></p:a>")
        #expect(root.name == "a")
        #expect(root.attributes == ["k": "v", "lang": "en", "plain": "1"])
        #expect(root.children.map(\.name) == ["b", "c"])
    }

    @Test("text keeps whitespace and CDATA, and expands character and predefined entity references")
    func textAndCDATA() throws {
        let root = try Self.parse("<a>t &amp; u<![CDATA[<raw> & ]]>\n  &#38; &#x41; &lt;&gt;&quot;&apos;<b>x</b>caf\u{e9}</a>")
        #expect(root.text == "t & u<raw> & \n  & A <>\"'café")
        #expect(root.element("b")?.text == "x")
    }

    @Test("an internal entity expands to its text in content and in attributes")
    func internalEntity() throws {
        let root = try Self.parse("<!DOCTYPE a [<!ENTITY x \"internal value\">]><a k='&x;'>before &x; after</a>")
        #expect(root.text == "before internal value after")
        #expect(root.attributes == ["k": "internal value"])
    }

    @Test("elements nested 256 deep are read; one level more is refused at its line")
    func nesting() throws {
        func nested(_ depth: Int) -> String {
            "<r>\n" + String(repeating: "<a>", count: depth - 1) + String(repeating: "</a>", count: depth - 1) + "</r>"
        }
        _ = try Self.parse(nested(256))
        #expect(throws: ExchangeError.nestedTooDeeply(file: "f.qde", line: 2, limit: 256)) {
            try Self.parse(nested(257))
        }
    }

    /// Malformed documents with the place libxml2 gives for the error (not where the parser
    /// stopped, which is the end of the chunk it was reading) and the reader's reason.
    static let malformed: [(String, Int, Int, String)] = [
        ("", 0, 0, "the document has no root element"),
        ("<a>", 0, 0, "the document has no root element"),
        ("abcd", 1, 1, "the document is empty"),
        ("<a></b>", 1, 8, "an end tag does not match the element it closes"),
        ("<?xml version=\"1.0\"?>\n<a>\n<b>\n</a>", 4, 5, "an end tag does not match the element it closes"),
        ("<a x='1' x='2'/>", 1, 15, "an attribute is malformed or repeated"),
        ("<a x=1/>", 1, 6, "a tag is not closed with '>'"),
        ("<a>&nope;</a>", 1, 10, "an entity reference (&…;) names no known entity"),
        ("<a>\u{1}</a>", 1, 4, "a character is not allowed there"),
        ("<a><b</a>", 1, 10, "an end tag does not match the element it closes"),
        ("<a>text</a>junk", 1, 12, "elements are not closed properly where the document ends"),
        ("<a/><b/>", 1, 5, "elements are not closed properly where the document ends"),
        ("<a xmlns='relative'/>", 1, 20, "XML parser error 100"),
        ("<a>" + String(repeating: "<b>x</b>\n", count: 40_000) + "<c></d>" + String(repeating: "<b>y</b>\n", count: 40_000) + "</a>",
         40_001, 8, "an end tag does not match the element it closes"),
    ]

    @Test("malformed XML is reported with the line, column and reason", arguments: 0..<malformed.count)
    func malformedXML(index: Int) {
        let (text, line, column, reason) = Self.malformed[index]
        #expect(throws: ExchangeError.malformedXML(file: "f.qde", line: line, column: column, reason: reason)) {
            try Self.parse(text)
        }
    }

    @Test("bytes that are not UTF-8 are refused where they stand")
    func notUTF8() {
        let bytes: [UInt8] = [0x3C, 0x61, 0x3E, 0xFF, 0xFE, 0x3C, 0x2F, 0x61, 0x3E]
        #expect(throws: ExchangeError.malformedXML(file: "f.qde", line: 1, column: 4, reason: "a character is not allowed there")) {
            try XMLTree.parse(Data(bytes), file: "f.qde")
        }
    }

    @Test("a billion-laughs document and an entity loop are refused quickly")
    func entityBombs() {
        var entities = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            entities += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        let bombs = ["<!DOCTYPE lolz [\(entities)]><lolz>&lol9;</lolz>",
                     "<!DOCTYPE a [<!ENTITY a \"&b;\"><!ENTITY b \"&a;\">]><a>&a;</a>"]
        for bomb in bombs {
            let started = Date()
            do {
                _ = try Self.parse(bomb)
                Issue.record("an entity bomb was accepted")
            } catch let ExchangeError.malformedXML(_, _, _, reason) {
                #expect(reason == "entities expand without end or far too much (an entity loop)")
            } catch {
                Issue.record("unexpected error \(error)")
            }
            #expect(Date().timeIntervalSince(started) < 5)
        }
    }

    /// Parses `text`, expecting the refusal of an external entity, and checks `marker` is nowhere.
    static func expectRefused(_ text: String, marker: String) {
        do {
            let root = try parse(text)
            Issue.record("a document with an external entity was accepted")
            #expect(!allContent(root).contains(marker), "the external file was read")
        } catch let error as ExchangeError {
            #expect(!error.description.contains(marker))
            guard case let .malformedXML(_, _, _, reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(reason == "the document refers to an external entity or DTD, and files outside it are never read")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("an external entity is never read, from a file or the network")
    func externalEntity() throws {
        let marker = "MARKER-\(UUID().uuidString)"
        let secret = try Self.temporaryFile("secret.txt", marker)
        defer { try? FileManager.default.removeItem(at: secret.deletingLastPathComponent()) }
        Self.expectRefused("<!DOCTYPE a [<!ENTITY x SYSTEM \"file://\(secret.path)\">]><a>&x;</a>", marker: marker)
        Self.expectRefused("<!DOCTYPE a [<!ENTITY x SYSTEM \"\(secret.path)\">]><a><b>&x;</b></a>", marker: marker)
        Self.expectRefused("<!DOCTYPE a [<!ENTITY x SYSTEM \"http://127.0.0.1:9/x\">]><a>&x;</a>", marker: marker)
        // Through an attribute, and through an internal entity that refers to the external one.
        Self.expectRefused("<!DOCTYPE a [<!ENTITY x SYSTEM \"file://\(secret.path)\">]><a k='&x;'/>", marker: marker)
        Self.expectRefused("<!DOCTYPE a [<!ENTITY x SYSTEM \"file://\(secret.path)\"><!ENTITY y \"&x;\">]><a>&y;</a>",
                           marker: marker)
    }

    @Test("an external parameter entity or DTD is never read")
    func externalDTD() throws {
        let marker = "MARKER-\(UUID().uuidString)"
        let dtd = try Self.temporaryFile("evil.dtd", "<!ENTITY leak \"\(marker)\">")
        defer { try? FileManager.default.removeItem(at: dtd.deletingLastPathComponent()) }
        Self.expectRefused("<!DOCTYPE a [<!ENTITY % p SYSTEM \"file://\(dtd.path)\"> %p;]><a>&leak;</a>", marker: marker)
        // An external subset is not even asked for, so the entity it would declare stays unknown
        // (reported where the reference starts, which follows the path).
        #expect(throws: ExchangeError.malformedXML(file: "f.qde", line: 1, column: 39 + dtd.path.count,
                                                  reason: "XML parser error 27")) {
            try Self.parse("<!DOCTYPE a SYSTEM \"file://\(dtd.path)\"><a>&leak;</a>")
        }
    }

    @Test("without libxml2 the message names the library and says how to install it")
    func libraryUnavailable() {
        let message = ExchangeError.xmlLibraryUnavailable(file: "p.qdpx:project.qde", reason: "libxml2.so.2: cannot open shared object file")
            .description
        #expect(message.hasPrefix("p.qdpx:project.qde: cannot be read: libxml2.so.2, which reads XML, could not be opened"))
        #expect(message.contains("Install libxml2"))
    }
}
