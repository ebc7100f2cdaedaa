/// Orders labels the way people read them: runs of digits compare by their numeric value, so
/// BCT `1.2` sorts before `1.10` and group `9` before `17`; other text compares case-blind
/// first and by exact scalars only to break ties, so the order never depends on the locale.
public enum NaturalOrder {
    /// Negative when `left` sorts first, positive when `right` does, zero when equal.
    public static func compare(_ left: String, _ right: String) -> Int {
        let a = Array(left.unicodeScalars), b = Array(right.unicodeScalars)
        var i = 0, j = 0
        var tieBreak = 0
        while i < a.count && j < b.count {
            if isDigit(a[i]) && isDigit(b[j]) {
                let (ordering, nextI, nextJ) = compareNumbers(a, i, b, j)
                if ordering != 0 { return ordering }
                i = nextI
                j = nextJ
                continue
            }
            let x = folded(a[i]), y = folded(b[j])
            if x != y { return x < y ? -1 : 1 }
            if tieBreak == 0 && a[i] != b[j] { tieBreak = a[i].value < b[j].value ? -1 : 1 }
            i += 1
            j += 1
        }
        if i < a.count { return 1 }
        if j < b.count { return -1 }
        return tieBreak
    }

    /// Whether `left` sorts strictly before `right`.
    public static func precedes(_ left: String, _ right: String) -> Bool {
        compare(left, right) < 0
    }

    /// Compares the digit runs starting at `i` and `j` by value (leading zeros ignored; on equal
    /// value the shorter run first) and returns where each run ends.
    private static func compareNumbers(
        _ a: [Unicode.Scalar], _ i: Int, _ b: [Unicode.Scalar], _ j: Int
    ) -> (Int, Int, Int) {
        var endI = i, endJ = j
        while endI < a.count && isDigit(a[endI]) { endI += 1 }
        while endJ < b.count && isDigit(b[endJ]) { endJ += 1 }
        var startI = i, startJ = j
        while startI < endI - 1 && a[startI] == "0" { startI += 1 }
        while startJ < endJ - 1 && b[startJ] == "0" { startJ += 1 }
        let lengthA = endI - startI, lengthB = endJ - startJ
        if lengthA != lengthB { return (lengthA < lengthB ? -1 : 1, endI, endJ) }
        for offset in 0..<lengthA where a[startI + offset] != b[startJ + offset] {
            return (a[startI + offset].value < b[startJ + offset].value ? -1 : 1, endI, endJ)
        }
        let runA = endI - i, runB = endJ - j
        return (runA == runB ? 0 : (runA < runB ? -1 : 1), endI, endJ)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 48 && scalar.value <= 57
    }

    /// ASCII letters folded to lower case; other scalars compare as they are.
    private static func folded(_ scalar: Unicode.Scalar) -> UInt32 {
        let value = scalar.value
        return value >= 65 && value <= 90 ? value + 32 : value
    }
}
