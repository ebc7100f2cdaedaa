import Foundation
import Statistics
import StudyModel
import Testing

/// Checks every statistic against the values that make_expected.py obtained from the reference
/// packages (krippendorff, nltk, statsmodels, scikit-learn).
@Suite struct AgreementFixtureTests {
    static let tolerance = 1e-6

    @Test func everyReportRowMatchesTheReferenceValue() throws {
        let cases = try AgreementFixtures.ratingsCases()
        #expect(cases.count >= 12)
        for fixture in cases {
            let report = AgreementReport(try fixture.data())
            #expect(report.rows.count == fixture.expected.count, "\(fixture.name): row count")
            for expected in fixture.expected {
                let found = report.result(try expected.measureValue(), expected.scope)
                #expect(found != nil, "\(fixture.name): no row for \(expected.label)")
                if let found { Self.check(found, against: expected, in: fixture.name) }
            }
        }
    }

    @Test func tripleAndDictionaryInputGiveTheSameStatistics() throws {
        for fixture in try AgreementFixtures.ratingsCases() {
            let reference = AgreementReport(try fixture.data())
            let fromDictionary = AgreementReport(AgreementData(ratings: fixture.ratingsDictionary()))
            Self.expectSameValues(reference, fromDictionary, fixture.name + " (dictionary)")
            // Triples cannot say "rated with no label" or "declared but unrated", so only cases
            // without those go through them.
            guard let triples = fixture.triples() else { continue }
            Self.expectSameValues(reference, AgreementReport(AgreementData(triples: triples)),
                                  fixture.name + " (triples)")
        }
    }

    @Test func characterComparisonsMatchTheReferenceValues() throws {
        let fixture = try AgreementFixtures.characterCases()
        let documents = try Dictionary(uniqueKeysWithValues: fixture.documents.map { ($0.id, try $0.document()) })
        #expect(fixture.comparisons.count > 20)
        #expect(fixture.comparisons.filter { $0.wrongProductKappa != nil }.count >= 10)
        for expected in fixture.comparisons {
            let label = "\(expected.document)/\(expected.code) \(expected.sideA) vs \(expected.sideB)"
            let comparison = try CharacterAgreement.compare(documents[expected.document]!, code: expected.code,
                                                            sideA: expected.sideA, sideB: expected.sideB)
            #expect(comparison.codedByBoth == expected.both, "\(label): both")
            #expect(comparison.codedByAOnly == expected.aOnly, "\(label): A only")
            #expect(comparison.codedByBOnly == expected.bOnly, "\(label): B only")
            #expect(comparison.codedByNeither == expected.neither, "\(label): neither")
            Self.check(comparison.percentAgreement, against: expected.percent, in: label)
            Self.check(comparison.kappa, against: expected.kappa, in: label)
            if let wrong = expected.wrongProductKappa, let kappa = comparison.kappa.value {
                // The product-form chance term gives a visibly different number on these data.
                #expect(abs(kappa - wrong) > 0.01, "\(label): kappa must not use the product form")
            }
        }
    }

    @Test func rowsCoverTheCodesEachSideUsed() throws {
        let fixture = try AgreementFixtures.characterCases()
        let documents = try fixture.documents.filter { ["d1", "d2", "d3"].contains($0.id) }
            .map { try $0.document() }
        let rows = try CharacterAgreement.rows(documents, sideA: ["c1"], sideB: ["c2"])
        for row in rows {
            let expected = fixture.comparisons.first {
                $0.document == row.document && $0.code == row.code && $0.sideA == ["c1"] && $0.sideB == ["c2"]
            }
            #expect(expected != nil, "\(row.document)/\(row.code) has no fixture row")
            if let expected { Self.check(row.comparison.kappa, against: expected.kappa, in: row.code) }
        }
        // d1 has x, y and "all" for c1/c2; d2 adds z (coded by c1 only); d3 has x and y.
        #expect(rows.map { "\($0.document)/\($0.code)" }
            == ["d1/all", "d1/x", "d1/y", "d2/x", "d2/y", "d2/z", "d3/x", "d3/y"])
    }

    @Test func pooledComparisonMatchesConcatenatedDocuments() throws {
        let fixture = try AgreementFixtures.characterCases()
        for expected in fixture.pooled {
            let parts = try expected.documents.map { id in
                try CharacterAgreement.compare(try fixture.documents.first { $0.id == id }!.document(),
                                               code: expected.code, sideA: expected.sideA, sideB: expected.sideB)
            }
            let pooled = CharacterComparison.pooled(parts)
            #expect(abs(pooled.kappa.value! - expected.kappa) < Self.tolerance, "pooled \(expected.code)")
            #expect(abs(pooled.percentAgreement.value! - expected.percent) < Self.tolerance)
        }
    }

    // MARK: Comparison helpers

    static func check(_ result: AgreementResult, against expected: ExpectedRow, in name: String) {
        let where_ = "\(name): \(expected.label)"
        if let value = expected.value {
            #expect(result.value != nil, "\(where_): expected \(value), got \(result.reason?.rawValue ?? "")")
            if let actual = result.value {
                #expect(abs(actual - value) <= tolerance, "\(where_): \(actual) vs \(value)")
            }
            #expect(result.reason == nil, "\(where_): reason set alongside a value")
        } else {
            #expect(result.value == nil, "\(where_): expected undefined, got \(result.value ?? .nan)")
            #expect(result.reason?.rawValue == expected.reason, "\(where_): reason")
        }
        #expect(result.units == expected.units, "\(where_): units")
        #expect(result.droppedUnits == expected.dropped, "\(where_): dropped")
        #expect(result.coders == expected.coders, "\(where_): coders")
        #expect(result.pairableValues == expected.pairable, "\(where_): pairable")
        if let chance = expected.chance {
            #expect(abs((result.chanceAgreement ?? .infinity) - chance) <= tolerance, "\(where_): chance")
        }
        if let observed = expected.observed {
            #expect(abs((result.observedAgreement ?? .infinity) - observed) <= tolerance, "\(where_): observed")
        }
    }

    static func expectSameValues(_ a: AgreementReport, _ b: AgreementReport, _ name: String) {
        #expect(a.rows.count == b.rows.count, "\(name): row count")
        for row in a.rows {
            // Input paths may number coders differently, so a pair can come out reversed.
            let reversed = row.scope.pair.map {
                AgreementScope(code: row.scope.code, pair: CoderPair($0.second, $0.first))
            }
            let other = b.result(row.result.measure, row.scope)
                ?? reversed.flatMap { b.result(row.result.measure, $0) }
            let label = "\(name): \(row.result.measure.rawValue) \(row.scope)"
            #expect(other?.reason == row.result.reason, "\(label): reason")
            #expect(other?.units == row.result.units, "\(label): units")
            if let value = row.result.value {
                #expect(abs((other?.value ?? .infinity) - value) <= 1e-12, "\(label): value")
            }
        }
    }
}

// MARK: - Fixture files

/// Reads the JSON files that make_expected.py writes into Fixtures/agreement.
enum AgreementFixtures {
    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json",
                                                 subdirectory: "Fixtures/agreement"))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: Data(contentsOf: url))
    }

    static func ratingsCases() throws -> [RatingsCase] { try load("ratings_cases", as: [RatingsCase].self) }
    static func characterCases() throws -> CharacterCases { try load("character_cases", as: CharacterCases.self) }
}

/// One ratings data set and the report rows expected for it.
struct RatingsCase: Decodable {
    struct Unit: Decodable {
        let id: String
        /// Coder → labels; a coder left out is a missing rating, an empty list a rating with no label.
        let ratings: [String: [String]]
    }

    let name: String
    let source: String
    let coders: [String]
    let labels: [String]
    let units: [Unit]
    let expected: [ExpectedRow]

    /// The data through the builder, in fixture order.
    func data() throws -> AgreementData {
        var builder = AgreementDataBuilder()
        for coder in coders { builder.declare(coder: coder) }
        for label in labels { builder.declare(label: label) }
        for unit in units {
            builder.declare(unit: unit.id)
            for coder in coders {
                if let labels = unit.ratings[coder] {
                    builder.addRating(unit: unit.id, coder: coder, labels: labels)
                }
            }
        }
        return builder.build()
    }

    func ratingsDictionary() -> [String: [String: Set<String>]] {
        Dictionary(uniqueKeysWithValues: units.map { ($0.id, $0.ratings.mapValues(Set.init)) })
    }

    /// The ratings as triples, or nil when some rating is empty or some unit unrated.
    func triples() -> [(unit: String, coder: String, label: String)]? {
        let expressible = units.allSatisfy { !$0.ratings.isEmpty && $0.ratings.values.allSatisfy { !$0.isEmpty } }
        guard expressible else { return nil }
        return units.flatMap { unit in
            coders.flatMap { coder in (unit.ratings[coder] ?? []).map { (unit.id, coder, $0) } }
        }
    }
}

/// One expected statistic, as make_expected.py wrote it.
struct ExpectedRow: Decodable {
    let measure: String
    let code: String?
    let pair: [String]?
    let value: Double?
    let reason: String?
    let units: Int
    let dropped: Int
    let coders: Int
    let pairable: Int
    let observed: Double?
    let chance: Double?

    func measureValue() throws -> AgreementMeasure { try #require(AgreementMeasure(rawValue: measure)) }

    var scope: AgreementScope {
        AgreementScope(code: code, pair: pair.map { CoderPair($0[0], $0[1]) })
    }

    var label: String { "\(measure) code=\(code ?? "-") pair=\(pair?.joined(separator: "/") ?? "-")" }
}

/// The character-level fixture: documents with coded ranges and the expected comparisons.
struct CharacterCases: Decodable {
    struct Document: Decodable {
        struct Coding: Decodable {
            let coder: String
            let code: String
            let start: Int
            let end: Int
        }

        let id: String
        let length: Int
        let codings: [Coding]

        func document() throws -> CodedDocument {
            var document = try CodedDocument(id: id, length: length)
            for coding in codings {
                try document.add(coder: coding.coder, code: coding.code, range: coding.start..<coding.end)
            }
            return document
        }
    }

    struct Comparison: Decodable {
        let document: String
        let code: String
        let sideA: [String]
        let sideB: [String]
        let both: Int
        let aOnly: Int
        let bOnly: Int
        let neither: Int
        let percent: ExpectedRow
        let kappa: ExpectedRow
        let wrongProductKappa: Double?
    }

    struct Pooled: Decodable {
        let code: String
        let sideA: [String]
        let sideB: [String]
        let documents: [String]
        let kappa: Double
        let percent: Double
    }

    let documents: [Document]
    let comparisons: [Comparison]
    let pooled: [Pooled]
}
