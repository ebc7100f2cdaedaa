/// Distinct strings numbered densely from zero in the order they were first seen, so a column
/// of text can be stored as an array of `Int32` codes.
package struct StringDictionary: Sendable, Equatable {
    private(set) var strings: [String] = []
    private var codes: [String: Int32] = [:]

    /// Number of distinct strings.
    package var count: Int { strings.count }

    /// The code of `string`, adding it when new.
    mutating func intern(_ string: String) -> Int32 {
        if let code = codes[string] { return code }
        let code = Int32(strings.count)
        strings.append(string)
        codes[string] = code
        return code
    }

    /// The code of `string`, or nil when it was never interned.
    package func code(of string: String) -> Int32? {
        codes[string]
    }

    /// The string with this code.
    package subscript(code: Int32) -> String {
        strings[Int(code)]
    }
}

/// A text attribute of the rows of one table, dictionary-encoded: `codes[row]` is the value's
/// code in `dictionary`, or -1 where the row has no value.
package struct EncodedColumn: Sendable, Equatable {
    package var codes: [Int32]
    package var dictionary: StringDictionary

    /// An empty column to be filled with `append`.
    init() {
        codes = []
        dictionary = StringDictionary()
    }

    /// Adds the next row's value (nil or empty text for none).
    mutating func append(_ value: String?) {
        guard let value, !value.isEmpty else {
            codes.append(-1)
            return
        }
        codes.append(dictionary.intern(value))
    }

    /// A column with one value per row.
    init<S: Sequence>(_ values: S) where S.Element == String? {
        self.init()
        for value in values { append(value) }
    }
}

/// Variable-length lists of `Int32`, one list per row, stored back to back (compressed sparse
/// rows): row `r` owns `values[offsets[r] ..< offsets[r + 1]]`.
package struct RowLists: Sendable, Equatable {
    package private(set) var offsets: [Int32]
    package private(set) var values: [Int32]

    /// No rows yet.
    init() {
        offsets = [0]
        values = []
    }

    /// Lists stored as given: `offsets` starts at 0, never falls, and ends at `values.count`.
    init(offsets: [Int32], values: [Int32]) {
        self.offsets = offsets
        self.values = values
    }

    /// Number of rows.
    var rowCount: Int { offsets.count - 1 }

    /// Positions in `values` that belong to `row`.
    func range(of row: Int) -> Range<Int> {
        Int(offsets[row])..<Int(offsets[row + 1])
    }

    /// The list of one row.
    subscript(row: Int) -> ArraySlice<Int32> {
        values[range(of: row)]
    }

    /// Ends the current row; values appended before the next call belong to the next row.
    mutating func closeRow() {
        offsets.append(Int32(values.count))
    }

    /// Adds a value to the row being built.
    mutating func append(_ value: Int32) {
        values.append(value)
    }

    /// Makes room for `rows` more rows of about one value each.
    mutating func reserveCapacity(rows: Int) {
        offsets.reserveCapacity(offsets.count + rows)
        values.reserveCapacity(values.count + rows)
    }

    /// Lists built from (row, value) pairs given in any order; each row's values keep the
    /// order of the pairs.
    init(rowCount: Int, pairs: [(row: Int32, value: Int32)]) {
        var counts = [Int32](repeating: 0, count: rowCount + 1)
        for pair in pairs { counts[Int(pair.row) + 1] += 1 }
        for row in 0..<rowCount { counts[row + 1] += counts[row] }
        offsets = counts
        var next = counts
        var values = [Int32](repeating: 0, count: pairs.count)
        for pair in pairs {
            values[Int(next[Int(pair.row)])] = pair.value
            next[Int(pair.row)] += 1
        }
        self.values = values
    }
}

/// Finds the position of an integer key (such as a segment's `id`) in a table loaded in key
/// order: a direct array when the keys are dense, a hash table otherwise.
struct IntegerKeyIndex: Sendable, Equatable {
    private let minimum: Int64
    private let dense: [Int32]
    private let sparse: [Int64: Int32]

    /// Indexes `keys`, where `keys[i]` is the key of row `i`.
    init(_ keys: [Int64]) {
        guard let low = keys.min(), let high = keys.max() else {
            minimum = 0
            dense = []
            sparse = [:]
            return
        }
        // A direct table costs 4 bytes per key in the range; allow up to four slots per row.
        let (difference, overflow) = high.subtractingReportingOverflow(low)
        if !overflow && difference < Int64(max(16, keys.count * 4)) {
            var table = [Int32](repeating: -1, count: Int(difference) + 1)
            for (row, key) in keys.enumerated() { table[Int(key - low)] = Int32(row) }
            minimum = low
            dense = table
            sparse = [:]
        } else {
            var table: [Int64: Int32] = [:]
            table.reserveCapacity(keys.count)
            for (row, key) in keys.enumerated() { table[key] = Int32(row) }
            minimum = 0
            dense = []
            sparse = table
        }
    }

    /// The row holding `key`, or nil when no row does.
    func row(of key: Int64) -> Int32? {
        if !dense.isEmpty {
            let offset = key &- minimum
            guard offset >= 0, offset < Int64(dense.count) else { return nil }
            let row = dense[Int(offset)]
            return row < 0 ? nil : row
        }
        return sparse[key]
    }
}
