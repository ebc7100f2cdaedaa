import Foundation
import Statistics
import Testing

/// How ratings get into ``AgreementData`` and how bad input is reported.
@Suite struct AgreementInputTests {
    @Test func triplesMakeMultiLabelRatingsInFirstSeenOrder() {
        let data = AgreementData(triples: [
            (unit: "s1", coder: "ana", label: "1.2"),
            (unit: "s1", coder: "ana", label: "1.1"),
            (unit: "s1", coder: "ana", label: "1.2"),  // repeated: counted once
            (unit: "s1", coder: "ben", label: "1.1"),
            (unit: "s2", coder: "ben", label: "3.1"),
        ])
        #expect(data.units == ["s1", "s2"])
        #expect(data.coders == ["ana", "ben"])
        #expect(data.labels == ["1.2", "1.1", "3.1"])
        #expect(data.rating(unit: 0, coder: 0) == ["1.2", "1.1"])
        #expect(data.rating(unit: 0, coder: 1) == ["1.1"])
        #expect(data.rating(unit: 1, coder: 0) == nil)
        #expect(data.ratingCount == 3)
        #expect(data.isMultiLabel)
    }

    @Test func anEmptyRatingIsNotAMissingRating() throws {
        var builder = AgreementDataBuilder()
        builder.addRating(unit: "u1", coder: "a", labels: ["x"])
        builder.addRating(unit: "u1", coder: "b", labels: [String]())
        builder.addRating(unit: "u2", coder: "a", labels: ["x"])
        builder.addRating(unit: "u2", coder: "b", labels: ["x"])
        let data = builder.build()
        #expect(data.rating(unit: 0, coder: 1) == [])
        let alpha = data.krippendorffAlpha()
        #expect(alpha.pairableValues == 4)
        #expect(alpha.units == 2)
        // u1 has no label in common; u2 agrees. Both-empty units would be left out instead.
        #expect(try data.anyCodeInCommon(between: "a", and: "b").value == 0.5)
    }

    @Test func declaredCodersAndUnitsCountEvenWithoutRatings() {
        var builder = AgreementDataBuilder()
        builder.declare(coder: "silent")
        builder.declare(unit: "unrated")
        builder.add(unit: "u1", coder: "a", label: "x")
        builder.add(unit: "u1", coder: "b", label: "x")
        builder.add(unit: "u2", coder: "a", label: "y")
        builder.add(unit: "u2", coder: "b", label: "x")
        let data = builder.build()
        #expect(data.coders == ["silent", "a", "b"])
        #expect(data.units == ["unrated", "u1", "u2"])
        let alpha = data.krippendorffAlpha()
        #expect(alpha.coders == 2)
        #expect(alpha.droppedUnits == 1)
        // Nobody rated every unit with the silent coder present.
        #expect(data.fleissKappa().reason == .noCompleteUnits)
        #expect(data.percentAgreement().reason == .noCompleteUnits)
    }

    @Test func nominalCodesMatchTheBuilder() throws {
        let coders = ["c1", "c2", "c3"]
        let labels = ["a", "b", "c"]
        let codes: [Int32] = [0, 0, 1, 2, 2, -1, 1, 0, 1, -1, -1, 2, 0, 0, 0]
        let direct = try AgreementData(units: ["1", "2", "3", "4", "5"], coders: coders, labels: labels,
                                       nominalCodes: codes)
        let rows: [[String?]] = stride(from: 0, to: codes.count, by: 3).map { start in
            codes[start..<(start + 3)].map { $0 < 0 ? nil : labels[Int($0)] }
        }
        let viaRows = try AgreementData(coders: coders, nominalRows: rows)
        #expect(direct.krippendorffAlpha() == viaRows.krippendorffAlpha())
        #expect(direct.fleissKappa() == viaRows.fleissKappa())
        #expect(try direct.cohenKappa(between: "c1", and: "c3") == viaRows.cohenKappa(between: "c1", and: "c3"))
        #expect(!direct.isMultiLabel)
    }

    @Test func malformedTablesAreRejectedWithTheirPosition() {
        #expect(throws: AgreementError.cellCountMismatch(expected: 4, found: 3)) {
            try AgreementData(units: ["1", "2"], coders: ["a", "b"], labels: ["x"], nominalCodes: [0, 0, 0])
        }
        #expect(throws: AgreementError.codeOutOfRange(cell: 2, code: 5, labelCount: 1)) {
            try AgreementData(units: ["1", "2"], coders: ["a", "b"], labels: ["x"], nominalCodes: [0, -1, 5, 0])
        }
        #expect(throws: AgreementError.sameCoderTwice("a")) {
            try AgreementData(units: ["1"], coders: ["a", "a"], labels: ["x"], nominalCodes: [0, 0])
        }
        #expect(throws: AgreementError.duplicateLabel("x")) {
            try AgreementData(units: ["1"], coders: ["a", "b"], labels: ["x", "x"], nominalCodes: [0, 1])
        }
        #expect(throws: AgreementError.rowWidthMismatch(row: 2, expected: 2, found: 1)) {
            try AgreementData(coders: ["a", "b"], nominalRows: [["x", "y"], ["x"]])
        }
        let message = AgreementError.rowWidthMismatch(row: 2, expected: 2, found: 1).description
        #expect(message.contains("row 2") && message.contains("nil"))
    }

    @Test func unknownNamesAreReportedWithWhatIsKnown() throws {
        let data = try AgreementData(coders: ["ana", "ben"], nominalRows: [["x", "x"], ["y", "x"]])
        #expect(throws: AgreementError.unknownCoder("cai", known: ["ana", "ben"])) {
            try data.cohenKappa(between: "ana", and: "cai")
        }
        #expect(throws: AgreementError.sameCoderTwice("ana")) {
            try data.percentAgreement(between: "ana", and: "ana")
        }
        #expect(throws: AgreementError.unknownLabel("z")) { try data.presence(of: "z") }
        let message = AgreementError.unknownCoder("cai", known: ["ana", "ben"]).localizedDescription
        #expect(message.contains("'cai'") && message.contains("'ana', 'ben'"))
    }

    @Test func presenceKeepsMissingRatingsAndMarksTheCode() throws {
        let data = try AgreementData(coders: ["a", "b", "c"], labelRows: [
            [["x", "y"], ["y"], nil],
            [[], ["x"], ["z"]],
        ])
        let x = try data.presence(of: "x")
        #expect(x.labels == ["x"])
        #expect(x.rating(unit: 0, coder: 0) == ["x"])
        #expect(x.rating(unit: 0, coder: 1) == [])
        #expect(x.rating(unit: 0, coder: 2) == nil)
        #expect(x.rating(unit: 1, coder: 0) == [])
        #expect(x.rating(unit: 1, coder: 1) == ["x"])
    }

    @Test func restrictingCodersKeepsTheirOrder() throws {
        let data = try AgreementData(coders: ["a", "b", "c"], nominalRows: [["x", "y", "z"], ["x", nil, "x"]])
        let pair = try data.restricted(toCoders: ["c", "a"])
        #expect(pair.coders == ["c", "a"])
        #expect(pair.rating(unit: 0, coder: 0) == ["z"])
        #expect(pair.rating(unit: 1, coder: 1) == ["x"])
        #expect(data.coderPairs == [CoderPair("a", "b"), CoderPair("a", "c"), CoderPair("b", "c")])
        #expect(throws: AgreementError.sameCoderTwice("a")) { try data.restricted(toCoders: ["a", "a"]) }
    }

    @Test func characterRangesMustFitTheDocument() throws {
        #expect(throws: AgreementError.negativeDocumentLength(document: "d", length: -1)) {
            try CodedDocument(id: "d", length: -1)
        }
        var document = try CodedDocument(id: "d", length: 10)
        #expect(throws: AgreementError.rangeOutsideDocument(document: "d", coder: "a", code: "x",
                                                            lower: 5, upper: 11, length: 10)) {
            try document.add(coder: "a", code: "x", range: 5..<11)
        }
        try document.add(coder: "a", code: "x", range: 0..<4)
        #expect(throws: AgreementError.overlappingGroups(coder: "a")) {
            try CharacterAgreement.compare(document, code: "x", sideA: ["a"], sideB: ["b", "a"])
        }
        #expect(throws: AgreementError.emptyGroup) {
            try CharacterAgreement.compare(document, code: "x", sideA: [], sideB: ["b"])
        }
    }

    @Test func overlappingRangesOfOneCoderCountEachCharacterOnce() throws {
        let comparison = try CharacterAgreement.compare(length: 100, codedByA: [0..<30, 10..<40, 39..<41, 90..<90],
                                                        codedByB: [35..<60])
        #expect(comparison.codedByBoth == 6)     // 35..<41
        #expect(comparison.codedByAOnly == 35)   // 0..<35
        #expect(comparison.codedByBOnly == 19)   // 41..<60
        #expect(comparison.codedByNeither == 40)
    }
}
