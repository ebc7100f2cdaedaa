/// Builds SVG markup element by element, one element per line, with attributes in the order
/// given, so the same drawing always produces the same bytes.
struct SVGWriter {
    /// One attribute: its name and its value, unescaped.
    typealias Attribute = (name: String, value: String)

    /// The markup written so far.
    private(set) var markup = ""
    private var open: [String] = []

    /// Starts an element that will have children; end it with ``close()``.
    mutating func open(_ name: String, _ attributes: [Attribute] = []) {
        line("<" + name + Self.attributeText(attributes) + ">")
        open.append(name)
    }

    /// Ends the innermost open element.
    mutating func close() {
        let name = open.removeLast()
        line("</" + name + ">")
    }

    /// Writes an element without text. A `tooltip` becomes a `<title>` child, which browsers
    /// show when the pointer rests on the element.
    mutating func element(_ name: String, _ attributes: [Attribute], tooltip: String? = nil) {
        guard let tooltip else {
            line("<" + name + Self.attributeText(attributes) + "/>")
            return
        }
        line("<" + name + Self.attributeText(attributes) + "><title>" + Markup.text(tooltip)
            + "</title></" + name + ">")
    }

    /// Writes a `<text>` element. Several lines become `<tspan>`s stacked `lineHeight` apart;
    /// a `tooltip` (the full label, when the shown one is shortened) becomes a `<title>` child.
    mutating func text(_ lines: [String], _ attributes: [Attribute], lineHeight: Double = 0,
                       tooltip: String? = nil) {
        var content = tooltip.map { "<title>" + Markup.text($0) + "</title>" } ?? ""
        if lines.count == 1 {
            content += Markup.text(lines[0])
        } else {
            let x = attributes.first { $0.name == "x" }?.value ?? "0"
            for (index, text) in lines.enumerated() {
                let dy = index == 0 ? "0" : SVGNumber.format(lineHeight)
                content += "<tspan x=\"" + Markup.attribute(x) + "\" dy=\"" + dy + "\">" + Markup.text(text) + "</tspan>"
            }
        }
        line("<text" + Self.attributeText(attributes) + ">" + content + "</text>")
    }

    /// Writes an element holding only text, such as the `<title>` (accessible name) or
    /// `<desc>` (description) of the enclosing element.
    mutating func textElement(_ name: String, _ text: String) {
        line("<" + name + ">" + Markup.text(text) + "</" + name + ">")
    }

    private mutating func line(_ text: String) {
        markup += String(repeating: " ", count: open.count) + text + "\n"
    }

    private static func attributeText(_ attributes: [Attribute]) -> String {
        attributes.map { " " + $0.name + "=\"" + Markup.attribute($0.value) + "\"" }.joined()
    }
}

/// Numbers as written into SVG coordinates: at most two decimals, no trailing zeros, no `-0`.
/// Rounding here keeps files small and makes output independent of last-bit differences.
enum SVGNumber {
    /// `value` rounded to hundredths, in the shortest form (`12`, `12.5`, `0.25`).
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = (value * 100).rounded()
        if hundredths == 0 { return "0" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = Int(abs(hundredths))
        let whole = magnitude / 100
        let fraction = magnitude % 100
        if fraction == 0 { return sign + String(whole) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0" : "") + String(fraction)
        return sign + String(whole) + "." + digits
    }
}
