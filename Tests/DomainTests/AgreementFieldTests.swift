@testable import CorpusGenerator
@testable import CorpusQuery
import Foundation
import GRDB
@testable import ProjectStorage
@testable import Statistics
@testable import StudyModel
import Testing

/// Two coders, A and B, who each applied one technique directly (no code) to each of twelve
/// ten-character lines of D1 and agreed on ten of them. Later lines may carry codings of `K1`, a
/// code mapped to no technique, or of a code whose id looks like a technique.
enum DirectTechniqueFixture {
    static let first = ["3.1", "3.1", "3.2", "3.2", "1.4", "1.4", "2.2", "4.1", "8.1", "10.4", "1.1", "5.1"]
    static let second = ["3.1", "3.1", "3.2", "3.2", "1.4", "1.4", "2.2", "4.1", "8.1", "10.4", "1.2", "6.1"]

    /// One coding: the line it covers, the coder (1 = A, 2 = B, 3 = C) and what it applies.
    struct Coding {
        let line: Int
        let coder: Int
        var code: String?
        var bct: String?
    }

    /// The twelve lines each coder gave a technique, as codings.
    static var techniqueCodings: [Coding] {
        first.indices.flatMap { line in
            [Coding(line: line, coder: 1, bct: first[line]), Coding(line: line, coder: 2, bct: second[line])]
        }
    }

    static func snapshot(_ codings: [Coding] = techniqueCodings) throws -> CorpusSnapshot {
        let store = try ProjectStore.inMemory()
        try store.write { db in
            try db.execute(sql: "INSERT INTO coders (id, name) VALUES (1, 'A'), (2, 'B'), (3, 'C')")
            try db.execute(sql: "INSERT INTO codes (id, codebook, parent_id, label, level, sort_order) VALUES "
                + "('K1', 'project', NULL, 'One', 'code', 0), ('3.1', 'project', NULL, 'Looks like a technique', 'code', 1), "
                + "('bct:3.1', 'project', NULL, 'Looks like a prefixed technique', 'code', 2)")
            try db.execute(sql: "INSERT INTO documents (id, title, text, content_hash) VALUES ('D1', 'D1', ?, 'x')",
                           arguments: [String(repeating: "x", count: 200)])
            for (index, coding) in codings.enumerated() {
                try db.execute(sql: "INSERT INTO segments (id, document_id, start, \"end\") VALUES (?, 'D1', ?, ?)",
                               arguments: [index + 1, coding.line * 10, coding.line * 10 + 10])
                try db.execute(sql: "INSERT INTO codings (segment_id, code_id, bct_id, coder_id) VALUES (?, ?, ?, ?)",
                               arguments: [index + 1, coding.code, coding.bct, coding.coder])
            }
        }
        return try CorpusSnapshot.load(from: store)
    }
}

@Suite("What agreement compares")
struct AgreementFieldTests {
    /// Python's `krippendorff` 0.8.1, `alpha(reliability_data=…, level_of_measurement="nominal")`
    /// on the two coders' twelve techniques.
    static let referenceAlpha = 0.8188976377952756

    @Test func byDefaultTechniquesAppliedDirectlyAreCompared() throws {
        let data = try DirectTechniqueFixture.snapshot().codings().agreementData(unit: .segment)
        let percent = data.percentAgreement()
        #expect(percent.value == 10.0 / 12 && percent.units == 12)
        let alpha = try #require(data.krippendorffAlpha().value)
        #expect(abs(alpha - Self.referenceAlpha) < 1e-9)
        // The same figure as the plain ratings the reference fixtures check.
        let plain = try AgreementData(coders: ["A", "B"], nominalRows: zip(DirectTechniqueFixture.first, DirectTechniqueFixture.second).map { [$0, $1] })
        #expect(plain.krippendorffAlpha().value == alpha)
        #expect(data.anyCodeInCommon().value == 10.0 / 12)
    }

    @Test func theDefaultFieldNamesEachKindApart() throws {
        var codings = DirectTechniqueFixture.techniqueCodings
        codings += [.init(line: 12, coder: 1, code: "3.1"), .init(line: 12, coder: 2, bct: "3.1"),
                    .init(line: 13, coder: 1, code: "bct:3.1"), .init(line: 13, coder: 2, bct: "3.1")]
        let query = try DirectTechniqueFixture.snapshot(codings).codings()
        let data = try query.agreementData(unit: .segment)
        let ratings = SpanFixture.ratings(data)
        // A code numbered like a technique is not that technique.
        #expect(ratings["D1:120-130"] == ["A": ["3.1"], "B": ["bct:3.1"]])
        #expect(ratings["D1:130-140"] == ["A": ["code:bct:3.1"], "B": ["bct:3.1"]])
        #expect(data.percentAgreement().value == 10.0 / 14)
        // The field filters and counts like any other.
        #expect(try query.filter("coding.applied", equals: "bct:3.1").count() == 6)
        #expect(try query.filter("coding.applied", equals: "3.1").count() == 1)
        #expect(throws: QueryError.self) { try query.filter("coding.applied", equals: "bct:99.9") }
    }

    @Test func unitsWhereNoCoderAppliedTheFieldAreLeftOut() throws {
        var codings = DirectTechniqueFixture.techniqueCodings
        for line in 12..<18 { codings += [.init(line: line, coder: 1, code: "K1"), .init(line: line, coder: 2, code: "K1")] }
        let snapshot = try DirectTechniqueFixture.snapshot(codings)
        // K1 maps to no technique: its six lines are no units of bct.id, not six agreements.
        let techniques = try snapshot.codings().agreementData(unit: .segment, options: .init(field: "bct.id"))
        let percent = techniques.percentAgreement()
        #expect(percent.value == 10.0 / 12 && percent.units == 12 && percent.droppedUnits == 6)
        let alpha = techniques.krippendorffAlpha()
        #expect(alpha.units == 12 && abs((alpha.value ?? 0) - Self.referenceAlpha) < 1e-9)
        #expect(try techniques.cohenKappa(between: "A", and: "B").units == 12)
        // Nothing but techniques applied directly: no code at all, so no unit of code.id.
        let codes = try DirectTechniqueFixture.snapshot().codings().agreementData(unit: .segment, options: .init(field: "code.id"))
        #expect(codes.percentAgreement().value == nil)
        #expect(codes.krippendorffAlpha().reason == .noPairableValues)
        let documents = try DirectTechniqueFixture.snapshot().codings().agreementData(unit: .document, options: .init(field: "code.id"))
        #expect(documents.percentAgreement().value == nil)
    }

    @Test func aPairIsComparedWhereOneOfTheTwoAppliedSomething() throws {
        var codings = DirectTechniqueFixture.techniqueCodings
        // C codes two lines A and B left alone, and one line of its own that A also coded.
        codings += [.init(line: 12, coder: 3, bct: "9.1"), .init(line: 13, coder: 3, bct: "9.1"),
                    .init(line: 14, coder: 3, bct: "9.2"), .init(line: 14, coder: 1, bct: "9.2")]
        let data = try DirectTechniqueFixture.snapshot(codings).codings().agreementData(unit: .segment)
        let report = AgreementReport(data, unlabelled: .leftOut)
        let pair = AgreementScope(pair: CoderPair("A", "B"))
        let exact = try #require(report.result(.percentAgreement, pair))
        #expect(exact.value == 10.0 / 13 && exact.units == 13)   // the twelve lines and line 14
        #expect(report.result(.anyCodeInCommon, pair)?.units == 13)
        #expect(report.result(.cohenKappa, pair)?.units == 13)
        #expect(report.result(.alphaNominal, pair)?.units == 13)
        #expect(report.result(.percentAgreement, AgreementScope(code: "bct:9.1", pair: CoderPair("A", "B")))?.units == 13)
        // Plain ratings keep an empty list as an answer.
        let plain = try AgreementData(coders: ["A", "B", "C"], labelRows: [[[], [], ["x"]], [["x"], ["x"], ["x"]]])
        #expect(AgreementReport(plain).result(.percentAgreement, pair)?.value == 1)
    }

    /// Exact agreement is one way of having a value in common, so on the same units it can never
    /// be the larger share; checked on generated projects, for several fields and both units.
    @Test(.timeLimit(.minutes(2)), arguments: [UInt64(3), 11, 29, 2024])
    func exactAgreementNeverExceedsAValueInCommon(seed: UInt64) throws {
        let store = try ProjectStore.inMemory()
        _ = try ProjectGenerator.populate(store, with: GeneratorOptions(
            participants: 16, codings: 1_500, coders: 3, seed: seed, doubleCodedShare: 0.8, disagreement: 0.35))
        let codings = try CorpusSnapshot.load(from: store).codings()
        // Generated codebooks have themes and codes but no categories, so code.category holds
        // trivially there; code.theme groups codes at the level above instead.
        for field in ["code.id", "bct.id", "bct.group", "code.category", "code.theme", AgreementOptions.defaultField] {
            var compared = 0
            for unit in [AgreementUnit.segment, .document] {
                let data = try codings.agreementData(unit: unit, options: .init(field: field))
                let report = AgreementReport(data, perCode: false, unlabelled: .leftOut)
                let scopes = [AgreementScope.overall] + data.coderPairs.map { AgreementScope(pair: $0) }
                for scope in scopes {
                    let exact = try #require(report.result(.percentAgreement, scope))
                    let common = try #require(report.result(.anyCodeInCommon, scope))
                    let context = "\(field), \(unit), \(scope.pair?.label ?? "all coders")"
                    #expect(exact.units == common.units, "\(context)")
                    #expect((exact.value ?? 0) <= (common.value ?? 0), "\(context)")
                    compared += exact.units
                }
            }
            let applied = try codings.rows().contains { try !$0.values(field).isEmpty }
            #expect((compared > 0) == applied, "\(field): \(compared) units compared")
        }
    }
}
