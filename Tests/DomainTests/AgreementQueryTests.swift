@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
@testable import Statistics
import Testing

/// Three coders who selected their own spans, so units come from aligning spans:
///
/// ```
/// D1 (100 scalars)  A: 0..<10 K1, 20..<40 K2, 60..<70 K1    B: 2..<12 K1, 25..<45 K1    C: —
/// D2 (50 scalars)   A: 0..<10 K1                             C: 5..<20 K2
/// D3 (40 scalars)   B: 0..<5 K1
/// ```
enum SpanFixture {
    static let codings: [(document: String, start: Int, end: Int, code: String, coder: Int)] = [
        ("D1", 0, 10, "K1", 1), ("D1", 20, 40, "K2", 1), ("D1", 60, 70, "K1", 1),
        ("D1", 2, 12, "K1", 2), ("D1", 25, 45, "K1", 2),
        ("D2", 0, 10, "K1", 1), ("D2", 5, 20, "K2", 3),
        ("D3", 0, 5, "K1", 2),
    ]

    static func snapshot() throws -> CorpusSnapshot {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try db.execute(sql: "INSERT INTO coders (id, name) VALUES (1, 'A'), (2, 'B'), (3, 'C')")
            try db.execute(sql: "INSERT INTO codes (id, codebook, parent_id, label, level, sort_order) VALUES "
                + "('K1', 'project', NULL, 'One', 'code', 0), ('K2', 'project', NULL, 'Two', 'code', 1)")
            // D2 is written in two-byte scalars so that lengths are seen to count scalars.
            let texts = [("D1", String(repeating: "x", count: 100)), ("D2", String(repeating: "é", count: 50)),
                         ("D3", String(repeating: "y", count: 40))]
            for (id, text) in texts {
                try db.execute(sql: "INSERT INTO documents (id, title, text, content_hash) VALUES (?, ?, ?, 'x')",
                               arguments: [id, id, text])
            }
            for (index, coding) in codings.enumerated() {
                try db.execute(sql: "INSERT INTO segments (id, document_id, start, \"end\") VALUES (?, ?, ?, ?)",
                               arguments: [index + 1, coding.document, coding.start, coding.end])
                try db.execute(sql: "INSERT INTO codings (segment_id, code_id, coder_id) VALUES (?, ?, ?)",
                               arguments: [index + 1, coding.code, coding.coder])
            }
        }
        return try CorpusSnapshot.load(from: store)
    }

    /// The ratings as unit → coder → labels, missing ratings left out.
    static func ratings(_ data: AgreementData) -> [String: [String: [String]]] {
        var result: [String: [String: [String]]] = [:]
        for unit in data.units.indices {
            for coder in data.coders.indices {
                if let labels = data.rating(unit: unit, coder: coder) {
                    result[data.units[unit], default: [:]][data.coders[coder]] = labels
                }
            }
        }
        return result
    }
}

@Suite("Span alignment")
struct SpanAlignmentTests {
    @Test func overlappingSpansFormOneUnitAndChainsJoin() {
        let units = SpanAlignment.units(of: [20..<30, 0..<10, 8..<22, 40..<50, 50..<60], minimumOverlap: .any)
        // 0..<10 and 8..<22 overlap, 8..<22 and 20..<30 overlap: one chain. Touching spans do not.
        #expect(units.unitOfSpan == [0, 0, 0, 1, 2])
        #expect(units.extents == [0..<30, 40..<50, 50..<60])
    }

    @Test func minimumOverlapInCharactersAndAsAShare() {
        let a = 0..<10, b = 6..<30
        #expect(MinimumOverlap.characters(4).joins(a, b))
        #expect(!MinimumOverlap.characters(5).joins(a, b))
        #expect(MinimumOverlap.share(0.4).joins(a, b))       // 4 of the shorter span's 10
        #expect(!MinimumOverlap.share(0.41).joins(a, b))
        // A span shorter than the character minimum joins when it lies wholly inside the other.
        #expect(MinimumOverlap.characters(50).joins(2..<5, 0..<10))
        #expect(MinimumOverlap.share(1).joins(2..<5, 0..<10))
        #expect(MinimumOverlap.share(1).joins(3..<3, 3..<3))  // identical empty spans
        #expect(!MinimumOverlap.any.joins(3..<3, 0..<10))
    }

    @Test func impossibleMinimumsAreRejected() {
        #expect(throws: AgreementError.self) { try MinimumOverlap.characters(0).validated() }
        #expect(throws: AgreementError.self) { try MinimumOverlap.share(1.5).validated() }
        #expect(throws: AgreementError.self) { try MinimumOverlap.share(0).validated() }
    }
}

@Suite("Agreement data builder numbers")
struct AgreementBuilderNumberTests {
    @Test func unitsAddedWithoutLookupAreFoundByNameLater() {
        var builder = AgreementDataBuilder()
        let first = builder.addUnit("u1"), second = builder.addUnit("u2")
        #expect((first, second) == (0, 1))
        #expect(builder.unitCode("u2") == 1)
        #expect(builder.unitCode("u3") == 2)
        let coder = builder.coderCode("A"), label = builder.labelCode("x")
        builder.addRating(unit: second, coder: coder, labels: [label])
        builder.addRating(unit: "u1", coder: "A", labels: [String]())
        let data = builder.build()
        #expect(data.units == ["u1", "u2", "u3"])
        #expect(data.rating(unit: 0, coder: 0) == [] && data.rating(unit: 1, coder: 0) == ["x"])
        #expect(data.rating(unit: 2, coder: 0) == nil)
    }
}

@Suite("Agreement over a codings query")
struct AgreementQueryTests {
    @Test func segmentUnitsAlignCodersSpansAndRateSilenceAsNoCode() throws {
        let data = try SpanFixture.snapshot().codings().agreementData(unit: .segment)
        #expect(data.coders == ["A", "B", "C"])
        #expect(SpanFixture.ratings(data) == [
            "D1:0-12": ["A": ["K1"], "B": ["K1"]],
            "D1:20-45": ["A": ["K2"], "B": ["K1"]],
            "D1:60-70": ["A": ["K1"], "B": []],       // B coded D1, so leaving this uncoded is a rating
            "D2:0-20": ["A": ["K1"], "C": ["K2"]],
            "D3:0-5": ["B": ["K1"]],
        ])
        #expect(try data.cohenKappa(between: "A", and: "B").pairableValues == 6)
        #expect((try data.percentAgreement(between: "A", and: "B")).value == 1.0 / 3)
    }

    @Test func uncodedTextCanCountAsMissing() throws {
        let data = try SpanFixture.snapshot().codings()
            .agreementData(unit: .segment, options: .init(uncoded: .missing))
        #expect(SpanFixture.ratings(data)["D1:60-70"] == ["A": ["K1"]])
        #expect((try data.percentAgreement(between: "A", and: "B")).value == 0.5)
    }

    @Test func aMinimumOverlapSplitsSpansThatShareTooLittle() throws {
        let codings = try SpanFixture.snapshot().codings()
        let nine = try codings.agreementData(unit: .segment, options: .init(minimumOverlap: .characters(9)))
        // 0..<10 and 2..<12 share 8 characters: two units now; 20..<40 and 25..<45 share 15.
        #expect(SpanFixture.ratings(nine)["D1:0-10"] == ["A": ["K1"], "B": []])
        #expect(SpanFixture.ratings(nine)["D1:2-12"] == ["A": [], "B": ["K1"]])
        #expect(SpanFixture.ratings(nine)["D1:20-45"] == ["A": ["K2"], "B": ["K1"]])
        let eight = try codings.agreementData(unit: .segment, options: .init(minimumOverlap: .characters(8)))
        // D2's spans share only 5 characters, so they part; D1's first two stay together.
        #expect(eight.units == ["D1:0-12", "D1:20-45", "D1:60-70", "D2:0-10", "D2:5-20", "D3:0-5"])
        let share = try codings.agreementData(unit: .segment, options: .init(minimumOverlap: .share(0.9)))
        #expect(share.units == ["D1:0-10", "D1:2-12", "D1:20-40", "D1:25-45", "D1:60-70", "D2:0-10", "D2:5-20", "D3:0-5"])
        #expect(throws: AgreementError.self) {
            try codings.agreementData(unit: .segment, options: .init(minimumOverlap: .share(2)))
        }
    }

    @Test func filtersKeepCodersWhoCodedTheDocumentAsRaters() throws {
        let data = try SpanFixture.snapshot().codings().filter("code.id", equals: "K1").agreementData(unit: .segment)
        #expect(data.coders == ["A", "B"])  // C applied K2 only
        #expect(SpanFixture.ratings(data) == [
            "D1:0-12": ["A": ["K1"], "B": ["K1"]],
            "D1:25-45": ["A": [], "B": ["K1"]],       // A's K2 there was filtered out
            "D1:60-70": ["A": ["K1"], "B": []],
            "D2:0-10": ["A": ["K1"]],
            "D3:0-5": ["B": ["K1"]],
        ])
    }

    @Test func namedCodersAreComparedInTheGivenOrder() throws {
        let codings = try SpanFixture.snapshot().codings()
        let data = try codings.agreementData(unit: .segment, options: .init(coders: ["C", "A"]))
        #expect(data.coders == ["C", "A"])
        #expect(SpanFixture.ratings(data)["D2:0-20"] == ["A": ["K1"], "C": ["K2"]])
        #expect(SpanFixture.ratings(data)["D1:0-10"] == ["A": ["K1"]])
        #expect(throws: AgreementError.unknownCoder("Z", known: ["A", "B", "C"])) {
            try codings.agreementData(unit: .segment, options: .init(coders: ["A", "Z"]))
        }
    }

    @Test func documentUnitsGatherEachCodersValues() throws {
        let data = try SpanFixture.snapshot().codings().agreementData(unit: .document)
        #expect(SpanFixture.ratings(data) == [
            "D1": ["A": ["K1", "K2"], "B": ["K1"]],
            "D2": ["A": ["K1"], "C": ["K2"]],
            "D3": ["B": ["K1"]],
        ])
    }

    @Test func characterAgreementComparesPairsOnDocumentsBothCoded() throws {
        let documents = try SpanFixture.snapshot().codings().codedDocuments()
        #expect(documents.documents.map(\.length) == [100, 50, 40])
        let report = try CharacterAgreementReport(documents, sides: CharacterAgreementReport.coderPairs(documents.coders))
        let k1 = try #require(report.rows.first { $0.document == "D1" && $0.code == "K1" && $0.sides.label == "A–B" })
        #expect(k1.comparison == CharacterComparison(characters: 100, codedByBoth: 8, codedByAOnly: 12, codedByBOnly: 22))
        // Observed 0.66, chance (20·30 + 80·70) / 100² = 0.62.
        #expect(abs((k1.comparison.kappa.value ?? 0) - 0.04 / 0.38) < 1e-12)
        let k2 = try #require(report.rows.first { $0.document == "D1" && $0.code == "K2" && $0.sides.label == "A–B" })
        #expect(k2.comparison.kappa.value == 0)
        // A–B never meet in D2 (B did not code it) or D3 (A did not); A–C meet only in D2.
        #expect(Set(report.rows.compactMap(\.document)) == ["D1", "D2"])
        #expect(!report.rows.contains { $0.sides.label == "B–C" })
        let pooled = try #require(report.rows.first { $0.document == nil && $0.code == "K2" && $0.sides.label == "A–C" })
        #expect(pooled.comparison == CharacterComparison(characters: 50, codedByBoth: 0, codedByAOnly: 0, codedByBOnly: 15))
    }

    @Test func groupsOfCodersCompareTheUnionOfTheirCoding() throws {
        let documents = try SpanFixture.snapshot().codings().codedDocuments()
        let report = try CharacterAgreementReport(documents, sides: [.init(["A"], ["B", "C"])])
        let d2 = try #require(report.rows.first { $0.document == "D2" && $0.code == "K2" })
        #expect(d2.comparison.codedByBOnly == 15)
        #expect(report.rows.allSatisfy { $0.sides.label == "A–B+C" })
    }

    @Test func onlyCodingsCanBeCompared() throws {
        #expect(throws: QueryError.self) { try SpanFixture.snapshot().segments().agreementData(unit: .segment) }
        #expect(throws: QueryError.self) { try SpanFixture.snapshot().codings().agreementData(unit: .character) }
    }
}
