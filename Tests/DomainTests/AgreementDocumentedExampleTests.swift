import Benchmarks
import Foundation
import Statistics
import Testing

/// The worked examples published with NVivo, ATLAS.ti and Krippendorff's alpha, and the
/// behaviour at the edges where a coefficient stops being defined.
@Suite struct AgreementDocumentedExampleTests {
    @Test func atlasTiTenSegmentExample() throws {
        // ATLAS.ti manual: ten segments, one code, 1 = applied. Percent agreement 60 %; chance
        // agreement (9.6 + 1.6) / 20 ≈ 56 %; alpha equivalent to one reliably coded segment.
        let first = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        let second = [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let rows: [[[String]?]] = zip(first, second).map { [$0 == 1 ? ["code"] : [], $1 == 1 ? ["code"] : []] }
        let data = try AgreementData(coders: ["coder 1", "coder 2"], labelRows: rows)
        #expect(try data.percentAgreement(between: "coder 1", and: "coder 2").value == 0.6)
        let alpha = try data.presence(of: "code").krippendorffAlpha()
        let chance = try #require(alpha.chanceAgreement)
        #expect(abs(chance - (14.0 * 13 + 6 * 5) / (20 * 19)) < 1e-12)
        #expect((chance * 100).rounded() == 56)
        #expect(abs(try #require(alpha.value) - 2.0 / 21.0) < 1e-12)
        #expect(alpha.pairableValues == 20)
    }

    @Test func nvivoCodingComparisonExample() throws {
        // NVivo help: 1000 characters, 50 coded by both, 150 by one user only, 800 by neither
        // gives (800 + 50) / 1000 = 85 %. The split of the 150 is ours: A 100, B 50.
        let comparison = try CharacterAgreement.compare(length: 1000, codedByA: [0..<150], codedByB: [100..<200])
        #expect(comparison.codedByBoth == 50)
        #expect(comparison.codedByAOnly + comparison.codedByBOnly == 150)
        #expect(comparison.codedByNeither == 800)
        #expect(comparison.percentAgreement.value == 0.85)
        // NVivo's recipe in units: EF1 = 150 · 100 / 1000, EF2 = 850 · 900 / 1000,
        // kappa = (agreeing units − ΣEF) / (all units − ΣEF) = (850 − 780) / (1000 − 780).
        let kappa = try #require(comparison.kappa.value)
        #expect(abs(kappa - 70.0 / 220.0) < 1e-12)
        #expect(abs(try #require(comparison.kappa.chanceAgreement) - 0.78) < 1e-12)
    }

    @Test func nvivoKappaIsZeroWhenOneSideCodedNothing() throws {
        let comparison = try CharacterAgreement.compare(length: 500, codedByA: [10..<90], codedByB: [])
        #expect(comparison.kappa.value == 0)
        #expect(comparison.percentAgreement.value == 0.84)
    }

    @Test func characterKappaIsUndefinedWhenNeitherSideVaries() throws {
        let uncoded = try CharacterAgreement.compare(length: 500, codedByA: [], codedByB: [])
        #expect(uncoded.percentAgreement.value == 1)
        #expect(uncoded.kappa.value == nil)
        #expect(uncoded.kappa.reason == .noVariation)
        let allCoded = try CharacterAgreement.compare(length: 500, codedByA: [0..<500],
                                                      codedByB: [0..<250, 250..<500])
        #expect(allCoded.kappa.reason == .noVariation)
        let empty = try CharacterAgreement.compare(length: 0, codedByA: [], codedByB: [])
        #expect(empty.kappa.reason == .emptyDocument)
        #expect(empty.percentAgreement.reason == .emptyDocument)
    }

    @Test func krippendorffNominalExampleFromAPlainTable() throws {
        // The nominal example in the krippendorff package's documentation; alpha 0.691358.
        let table: [[Int?]] = [
            [nil, nil, nil, nil, nil, 3, 4, 1, 2, 1, 1, 3, 3, nil, 3],
            [1, nil, 2, 1, 3, 3, 4, 3, nil, nil, nil, nil, nil, nil, nil],
            [nil, nil, 2, 1, 3, 4, 4, nil, 2, 1, 1, 3, 3, nil, 4],
        ]
        let rows = (0..<15).map { unit in table.map { $0[unit].map(String.init) } }
        let alpha = try AgreementData(coders: ["A", "B", "C"], nominalRows: rows).krippendorffAlpha()
        #expect((try #require(alpha.value) * 1e6).rounded() == 691_358)
        #expect(alpha.units == 12)
        #expect(alpha.droppedUnits == 3)  // units 1, 2 and 14 have fewer than two ratings
        #expect(alpha.pairableValues == 26)
    }

    @Test func setDistancesReduceToNominalOnSingleLabels() throws {
        let data = try AgreementBenchmark.generatedRatings(units: 400, coders: 4, seed: 9)
        let nominal = try #require(data.krippendorffAlpha().value)
        for distance in [SetDistance.masi, .jaccard] {
            let other = try #require(data.krippendorffAlpha(distance: distance).value)
            #expect(abs(other - nominal) < 1e-12, "\(distance)")
        }
    }

    @Test func oneCoderGivesReasonsNotNumbers() throws {
        let data = try AgreementData(coders: ["solo"], nominalRows: [["a"], ["b"], ["a"]])
        let report = AgreementReport(data)
        #expect(!report.rows.isEmpty)
        for row in report.rows {
            #expect(row.result.value == nil)
            #expect(row.result.reason == .fewerThanTwoCoders)
        }
    }

    @Test func noStatisticIsEverNaNOrInfinite() throws {
        // Small, ragged data sets (including all-missing units and single values) from many
        // seeds: every value is finite, and every missing value has a reason.
        for seed in UInt64(1)...60 {
            let units = Int(seed % 7) + 1
            let coders = Int(seed % 4) + 1
            let rows: [[[String]?]] = (0..<units).map { unit in
                (0..<coders).map { coder in
                    let draw = (seed &* 31 &+ UInt64(unit * 7 + coder * 3)) % 5
                    switch draw {
                    case 0: return nil
                    case 1: return []
                    case 2: return ["a"]
                    case 3: return ["a", "b"]
                    default: return seed % 2 == 0 ? ["a"] : ["b"]
                    }
                }
            }
            let names = (0..<coders).map { "c\($0)" }
            let report = AgreementReport(try AgreementData(coders: names, labelRows: rows))
            for row in report.rows {
                if let value = row.result.value {
                    #expect(value.isFinite, "seed \(seed): \(row.result)")
                    #expect(row.result.reason == nil)
                } else {
                    #expect(row.result.reason != nil, "seed \(seed): \(row.result)")
                }
            }
        }
    }

    @Test func undefinedResultsSayWhy() throws {
        let data = try AgreementData(coders: ["a", "b"], nominalRows: [["x", "x"], ["x", "x"], ["x", nil]])
        let alpha = data.krippendorffAlpha()
        #expect(alpha.value == nil)
        #expect(alpha.reason == .noVariation)
        #expect(alpha.pairableValues == 4)
        #expect(alpha.description.contains("no variation"))
        #expect(try data.percentAgreement(between: "a", and: "b").value == 1)
        #expect(try data.cohenKappa(between: "a", and: "b").reason == .noVariation)
        let fleiss = data.fleissKappa()
        #expect(fleiss.reason == .noVariation)
        #expect(fleiss.droppedUnits == 1)
    }

    @Test func benchmarkDataAreRepeatable() throws {
        let first = try AgreementBenchmark.alpha(units: 2_000, coders: 3, seed: 42)
        let again = try AgreementBenchmark.alpha(units: 2_000, coders: 3, seed: 42)
        let other = try AgreementBenchmark.alpha(units: 2_000, coders: 3, seed: 43)
        #expect(first.value == again.value)
        #expect(first.value != other.value)
        // Coders copy the unit's label with probability 0.7 out of five labels, so alpha sits
        // well inside (0, 1).
        #expect(first.value > 0.3 && first.value < 0.8)
        #expect(first.seconds >= 0)
        #expect(throws: AgreementError.invalidBenchmarkSize(units: 0, coders: 3)) {
            try AgreementBenchmark.alpha(units: 0, coders: 3, seed: 1)
        }
    }
}
