/// One document's character-range codings, per coder and code, for NVivo-style comparison.
///
/// Offsets are character positions `0..<length`; overlapping or repeated ranges by the same coder
/// at the same code count each character once.
public struct CodedDocument: Sendable, Hashable {
    /// The document's identifier, used in rows and error messages.
    public let id: String
    /// Number of characters in the document.
    public let length: Int
    /// Coder → code → ranges, as added.
    public private(set) var ranges: [String: [String: [Range<Int>]]] = [:]

    /// An uncoded document of `length` characters.
    public init(id: String, length: Int) throws {
        guard length >= 0 else { throw AgreementError.negativeDocumentLength(document: id, length: length) }
        self.id = id
        self.length = length
    }

    /// Records that `coder` coded `range` at `code`.
    public mutating func add(coder: String, code: String, range: Range<Int>) throws {
        guard range.lowerBound >= 0 && range.upperBound <= length else {
            throw AgreementError.rangeOutsideDocument(document: id, coder: coder, code: code,
                                                      lower: range.lowerBound,
                                                      upper: range.upperBound, length: length)
        }
        ranges[coder, default: [:]][code, default: []].append(range)
    }

    /// Every code any coder used in this document, sorted.
    public var codes: [String] { Set(ranges.values.flatMap(\.keys)).sorted() }

    /// Every coder who coded anything in this document, sorted.
    public var coders: [String] { ranges.keys.sorted() }

    /// The characters coded at `code` by at least one of `coders`, as sorted disjoint ranges.
    func coverage(code: String, by coders: [String]) -> [Range<Int>] {
        CharacterAgreement.Spans.merged(coders.flatMap { ranges[$0]?[code] ?? [] })
    }
}

/// The four character counts of a two-sided comparison for one code in one document (or pooled
/// over documents), and the statistics NVivo's coding comparison reports from them.
public struct CharacterComparison: Sendable, Hashable {
    /// Characters compared (the document length, or the sum of lengths when pooled).
    public let characters: Int
    /// Characters coded by both sides.
    public let codedByBoth: Int
    /// Characters coded by side A only.
    public let codedByAOnly: Int
    /// Characters coded by side B only.
    public let codedByBOnly: Int

    /// Makes a comparison from its counts.
    public init(characters: Int, codedByBoth: Int, codedByAOnly: Int, codedByBOnly: Int) {
        self.characters = characters
        self.codedByBoth = codedByBoth
        self.codedByAOnly = codedByAOnly
        self.codedByBOnly = codedByBOnly
    }

    /// Characters coded by neither side.
    public var codedByNeither: Int { characters - codedByBoth - codedByAOnly - codedByBOnly }

    /// Share of characters on which the sides agree: coded by both or by neither.
    public var percentAgreement: AgreementResult {
        guard characters > 0 else {
            return .undefined(.characterPercentAgreement, .emptyDocument)
        }
        let share = Double(codedByBoth + codedByNeither) / Double(characters)
        return .defined(.characterPercentAgreement, share, usage: usage, observed: share, chance: nil)
    }

    /// Cohen's kappa on coded / not coded per character.
    ///
    /// Chance agreement is the *sum* of the two chance terms, (a·b + (N−a)(N−b)) / N², where a and
    /// b are the characters each side coded and N is all characters, uncoded ones included; it is
    /// neither their product nor restricted to coded text. Undefined when both sides coded
    /// nothing, or both coded everything (NVivo shows 1 there; chance agreement is 1, so the
    /// coefficient is 0/0).
    public var kappa: AgreementResult {
        guard characters > 0 else { return .undefined(.characterKappa, .emptyDocument) }
        let n = Double(characters)
        let a = codedByBoth + codedByAOnly, b = codedByBoth + codedByBOnly
        let observed = Double(codedByBoth + codedByNeither) / n
        let chance = (Double(a) * Double(b) + Double(characters - a) * Double(characters - b)) / (n * n)
        let constant = (a == 0 && b == 0) || (a == characters && b == characters)
        return .chanceCorrected(.characterKappa, observed: observed, chance: chance,
                                noVariation: constant, usage: usage)
    }

    /// Counts shared by both results: every character is a unit rated once by each side.
    private var usage: AgreementResult.Usage {
        .init(units: characters, dropped: 0, coders: 2, pairable: 2 * characters)
    }

    /// The comparison of the concatenated documents: counts added up, so longer documents
    /// weigh more.
    public static func pooled(_ comparisons: [CharacterComparison]) -> CharacterComparison {
        CharacterComparison(characters: comparisons.reduce(0) { $0 + $1.characters },
                            codedByBoth: comparisons.reduce(0) { $0 + $1.codedByBoth },
                            codedByAOnly: comparisons.reduce(0) { $0 + $1.codedByAOnly },
                            codedByBOnly: comparisons.reduce(0) { $0 + $1.codedByBOnly })
    }
}

/// One code in one document, compared between two sides.
public struct CharacterAgreementRow: Sendable, Hashable {
    /// The document's identifier.
    public let document: String
    /// The code compared.
    public let code: String
    /// The counts and statistics.
    public let comparison: CharacterComparison
}

/// NVivo-style character-level agreement: for each code and document, every character is a unit
/// that each side either coded at the code or not.
///
/// A side is a group of one or more coders; a character counts as coded by the side when at
/// least one of its coders coded it (as NVivo does for user groups).
public enum CharacterAgreement {
    /// Compares two sides on one code in one document.
    public static func compare(_ document: CodedDocument, code: String,
                               sideA: [String], sideB: [String]) throws -> CharacterComparison {
        try checkSides(sideA, sideB)
        let a = document.coverage(code: code, by: sideA)
        let b = document.coverage(code: code, by: sideB)
        let both = Spans.overlap(a, b)
        return CharacterComparison(characters: document.length, codedByBoth: both,
                                   codedByAOnly: Spans.total(a) - both,
                                   codedByBOnly: Spans.total(b) - both)
    }

    /// Compares two coders on one code in one document given as plain ranges.
    public static func compare(length: Int, codedByA: [Range<Int>],
                               codedByB: [Range<Int>]) throws -> CharacterComparison {
        var document = try CodedDocument(id: "document", length: length)
        for range in codedByA { try document.add(coder: "A", code: "code", range: range) }
        for range in codedByB { try document.add(coder: "B", code: "code", range: range) }
        return try compare(document, code: "code", sideA: ["A"], sideB: ["B"])
    }

    /// One row per code and document, documents in the given order. `codes` defaults to the
    /// codes either side used in each document, sorted; name them (in the order wanted) to also
    /// get rows where neither side used a code.
    public static func rows(_ documents: [CodedDocument], sideA: [String], sideB: [String],
                            codes: [String]? = nil) throws -> [CharacterAgreementRow] {
        try checkSides(sideA, sideB)
        let sides = Set(sideA + sideB)
        return try documents.flatMap { document in
            let used = codes ?? document.codes.filter { code in
                document.ranges.contains { sides.contains($0.key) && $0.value[code] != nil }
            }
            return try used.map { code in
                CharacterAgreementRow(document: document.id, code: code,
                                      comparison: try compare(document, code: code,
                                                              sideA: sideA, sideB: sideB))
            }
        }
    }

    private static func checkSides(_ sideA: [String], _ sideB: [String]) throws {
        guard !sideA.isEmpty && !sideB.isEmpty else { throw AgreementError.emptyGroup }
        if let shared = sideA.first(where: sideB.contains) {
            throw AgreementError.overlappingGroups(coder: shared)
        }
    }
}

extension CharacterAgreement {
    /// Arithmetic on sets of characters held as ranges, so cost grows with the number of ranges and
    /// not with document length.
    enum Spans {
        /// Sorted, disjoint ranges covering exactly the characters of `ranges`.
        static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
            var result: [Range<Int>] = []
            for range in ranges.filter({ !$0.isEmpty }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = result.last, range.lowerBound <= last.upperBound {
                    result[result.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
                } else {
                    result.append(range)
                }
            }
            return result
        }

        /// Number of characters in sorted disjoint ranges.
        static func total(_ ranges: [Range<Int>]) -> Int { ranges.reduce(0) { $0 + $1.count } }

        /// Number of characters in both of two sorted disjoint range lists.
        static func overlap(_ a: [Range<Int>], _ b: [Range<Int>]) -> Int {
            var i = 0, j = 0, shared = 0
            while i < a.count && j < b.count {
                let end = min(a[i].upperBound, b[j].upperBound)
                shared += max(0, end - max(a[i].lowerBound, b[j].lowerBound))
                if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
            }
            return shared
        }
    }
}
