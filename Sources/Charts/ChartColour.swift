import Foundation

/// An sRGB colour with channels from 0 to 1, written into SVG as `#rrggbb`.
struct ChartColour: Sendable, Hashable {
    var red: Double
    var green: Double
    var blue: Double

    /// The colour of a `0xRRGGBB` literal.
    init(hex: UInt32) {
        red = Double((hex >> 16) & 0xFF) / 255
        green = Double((hex >> 8) & 0xFF) / 255
        blue = Double(hex & 0xFF) / 255
    }

    init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// `#rrggbb` in lower case.
    var hex: String {
        "#" + [red, green, blue].map { channel in
            let byte = Int((min(max(channel, 0), 1) * 255).rounded())
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }

    /// The colour `fraction` of the way from `self` to `other`, mixed channel by channel.
    func mixed(with other: ChartColour, fraction: Double) -> ChartColour {
        ChartColour(red: red + (other.red - red) * fraction,
                    green: green + (other.green - green) * fraction,
                    blue: blue + (other.blue - blue) * fraction)
    }

    /// Relative luminance as WCAG defines it (0 black, 1 white).
    var luminance: Double {
        func linear(_ channel: Double) -> Double {
            channel <= 0.04045 ? channel / 12.92 : pow((channel + 0.055) / 1.055, 2.4)
        }
        return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)
    }

    /// Black or white, whichever contrasts more with this colour, for text drawn on it.
    var textColour: String {
        // Contrast ratios against black and white cross where luminance is about 0.179.
        luminance > 0.179 ? "#000000" : "#ffffff"
    }

    /// A colour for a missing value: a light grey that no palette here uses.
    static let missing = ChartColour(hex: 0xD9D9D9)
}

/// Colour palettes chosen so that readers with the common forms of colour blindness can still
/// tell the colours apart, and so that charts stay readable printed in greyscale.
enum ChartPalette {
    /// Samples of the viridis map at 0, 0.1, … 1: perceptually even, legible to readers with
    /// red–green colour blindness, and monotonic in lightness.
    private static let viridis: [ChartColour] = [
        0x440154, 0x482475, 0x414487, 0x355F8D, 0x2A788E, 0x21918C,
        0x22A884, 0x44BF70, 0x7AD151, 0xBDDF26, 0xFDE725,
    ].map(ChartColour.init(hex:))

    /// The Okabe–Ito colours for categories, black left out so text stays distinguishable.
    private static let okabeIto: [ChartColour] = [
        0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7,
    ].map(ChartColour.init(hex:))

    /// The sequential colour for `fraction` (0…1) of a scale. Low values are light and high
    /// values dark (viridis read from its yellow end), so empty cells recede and a printed
    /// chart spends little ink on them.
    static func sequential(_ fraction: Double) -> ChartColour {
        let position = (1 - min(max(fraction, 0), 1)) * Double(viridis.count - 1)
        let lower = Int(position.rounded(.down))
        guard lower < viridis.count - 1 else { return viridis[viridis.count - 1] }
        return viridis[lower].mixed(with: viridis[lower + 1], fraction: position - Double(lower))
    }

    /// `count` colours for categories: Okabe–Ito while there are enough, otherwise evenly
    /// spaced viridis samples, which stay ordered by lightness instead of repeating colours.
    static func categorical(_ count: Int) -> [ChartColour] {
        if count <= okabeIto.count { return Array(okabeIto.prefix(count)) }
        return (0..<count).map { sequential(0.08 + 0.92 * Double($0) / Double(count - 1)) }
    }
}
