import CLibXML
import Foundation

/// Collects the XML reader's events into an ``XMLTree``. Used only while one parse runs, on one
/// thread; the C reader calls back through the plain functions below with the builder as context.
final class XMLTreeBuilder {
    private var stack: [XMLTree] = []
    /// The root element, once it has ended.
    private(set) var root: XMLTree?
    /// Line of the first element nested deeper than ``XMLTree/maxDepth``; parsing stops there.
    private(set) var tooDeepAtLine: Int?

    /// Runs the C reader over `data`, building the tree.
    func parse(_ data: Data) -> ps_xml_outcome {
        var outcome = ps_xml_outcome()
        let context = Unmanaged.passUnretained(self).toOpaque()
        var callbacks = ps_xml_callbacks(context: context, start_element: startElement,
                                         end_element: endElement, characters: foundCharacters)
        data.withUnsafeBytes { bytes in
            _ = ps_xml_parse(bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count,
                             &callbacks, &outcome)
        }
        return outcome
    }

    /// Returns false to stop the parse when the element is nested too deep.
    fileprivate func start(_ name: String, line: Int, attributes: [String: String]) -> Bool {
        guard stack.count < XMLTree.maxDepth else {
            tooDeepAtLine = line
            return false
        }
        stack.append(XMLTree(name: name, attributes: attributes, line: line))
        return true
    }

    fileprivate func end() {
        guard let finished = stack.popLast() else { return }
        if stack.isEmpty {
            root = finished
        } else {
            stack[stack.count - 1].children.append(finished)
        }
    }

    fileprivate func append(_ text: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += text
    }

    fileprivate static func from(_ context: UnsafeMutableRawPointer?) -> XMLTreeBuilder {
        Unmanaged<XMLTreeBuilder>.fromOpaque(context!).takeUnretainedValue()
    }
}

/// UTF-8 bytes as a string (libxml2 has already checked the encoding).
private func utf8String(_ bytes: UnsafePointer<CChar>, count: Int) -> String {
    bytes.withMemoryRebound(to: UInt8.self, capacity: count) {
        String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
    }
}

private let startElement: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int32,
                                          UnsafePointer<ps_xml_attribute>?, Int32) -> Int32 = {
    context, name, line, attributes, count in
    var values: [String: String] = [:]
    for index in 0..<Int(count) {
        guard let attribute = attributes?[index], let key = attribute.name else { continue }
        values[String(cString: key)] = attribute.value.map { utf8String($0, count: attribute.value_length) } ?? ""
    }
    let builder = XMLTreeBuilder.from(context)
    return builder.start(name.map { String(cString: $0) } ?? "", line: Int(line), attributes: values) ? 0 : 1
}

private let endElement: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
    XMLTreeBuilder.from(context).end()
    return 0
}

private let foundCharacters: @convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?, Int) -> Int32 = {
    context, bytes, length in
    guard let bytes else { return 0 }
    XMLTreeBuilder.from(context).append(utf8String(bytes, count: length))
    return 0
}
