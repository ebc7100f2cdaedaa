/// Documents with the character ranges each coder coded at each value, ready for NVivo-style
/// character agreement (see ``CharacterAgreementReport``).
public struct CodedDocuments: Sendable, Hashable {
    /// The documents, each with its ranges per coder and value.
    public let documents: [CodedDocument]
    /// The coders being compared, in order.
    public let coders: [String]
    /// For each document, the compared coders who coded anything in it, including values and
    /// passages outside the ranges kept in ``documents``.
    public let codedBy: [Set<String>]

    /// Collects documents; `codedBy` needs one entry per document.
    public init(documents: [CodedDocument], coders: [String], codedBy: [Set<String>]) {
        precondition(documents.count == codedBy.count, "one set of coders per document")
        self.documents = documents
        self.coders = coders
        self.codedBy = codedBy
    }

    /// The documents that both sides worked on: at least one coder of each side coded something
    /// in them. A document one side never opened says nothing about agreement.
    public func documents(codedBy sideA: [String], and sideB: [String]) -> [CodedDocument] {
        zip(documents, codedBy).filter { _, coders in
            sideA.contains(where: coders.contains) && sideB.contains(where: coders.contains)
        }.map(\.0)
    }
}

/// Character-level agreement between sides of coders, per document and code, and per code pooled
/// over documents, as NVivo's coding comparison reports it.
public struct CharacterAgreementReport: Sendable, Hashable {
    /// Two groups of coders compared with each other; a one-coder group is a plain coder.
    public struct Sides: Sendable, Hashable {
        /// The coders of side A.
        public let a: [String]
        /// The coders of side B.
        public let b: [String]

        /// Names two groups of coders.
        public init(_ a: [String], _ b: [String]) {
            self.a = a
            self.b = b
        }

        /// `A–B`, with group members joined by `+`.
        public var label: String { CoderPair(a.joined(separator: "+"), b.joined(separator: "+")).label }
    }

    /// One comparison: a code in a document, or pooled over documents (``document`` nil).
    public struct Row: Sendable, Hashable {
        /// The document, or `nil` for the pooled row of a code.
        public let document: String?
        /// The value compared.
        public let code: String
        /// Who is compared with whom.
        public let sides: Sides
        /// The character counts and their statistics.
        public let comparison: CharacterComparison
    }

    /// For each pair of sides in order: one row per document both sides coded and per code
    /// either side used there, then one pooled row per code. A pooled row adds up every
    /// document both sides coded, including those where neither side used the code (their
    /// characters count as agreeing not to code).
    public let rows: [Row]

    /// Compares each pair of sides over `documents`.
    public init(_ documents: CodedDocuments, sides: [Sides]) throws {
        var rows: [Row] = []
        for pair in sides {
            let compared = documents.documents(codedBy: pair.a, and: pair.b)
            let perDocument = try CharacterAgreement.rows(compared, sideA: pair.a, sideB: pair.b)
            rows += perDocument.map { Row(document: $0.document, code: $0.code, sides: pair, comparison: $0.comparison) }
            // A compared document without a row for a code is one where neither side used it:
            // all its characters agree on "not coded", so the pooled counts need only its length.
            let characters = compared.reduce(0) { $0 + $1.length }
            for code in Set(perDocument.map(\.code)).sorted() {
                let coded = CharacterComparison.pooled(perDocument.filter { $0.code == code }.map(\.comparison))
                let pooled = CharacterComparison(characters: characters, codedByBoth: coded.codedByBoth,
                                                 codedByAOnly: coded.codedByAOnly, codedByBOnly: coded.codedByBOnly)
                rows.append(Row(document: nil, code: code, sides: pair, comparison: pooled))
            }
        }
        self.rows = rows
    }

    /// Every pair of single coders, in order: (1, 2), (1, 3), …, (2, 3), ….
    public static func coderPairs(_ coders: [String]) -> [Sides] {
        CoderPair.indexPairs(below: coders.count).map { Sides([coders[$0.0]], [coders[$0.1]]) }
    }
}
