import Foundation
@testable import StudyModel
import Testing

@Suite("Fidelity model")
struct FrameworksFidelityTests {
    let model: FidelityModel

    init() throws {
        model = try FidelityModel(items: [
            FidelityItem(id: "a", principleID: "P1", text: "A", scaleMin: 1, scaleMax: 5),
            FidelityItem(id: "b", principleID: "P1", text: "B", scaleMin: 0, scaleMax: 10),
            FidelityItem(id: "c", principleID: "P2", text: "C", scaleMin: 1, scaleMax: 3),
        ])
    }

    @Test("principle and overall scores are normalised means")
    func scores() throws {
        let ratings = [
            FidelityRating(itemID: "a", target: .studyCase("STA1"), rater: "R1", value: 5),   // 1.0
            FidelityRating(itemID: "a", target: .studyCase("STA1"), rater: "R2", value: 3),   // 0.5
            FidelityRating(itemID: "b", target: .studyCase("STA1"), rater: "R1", value: 2),   // 0.2
            FidelityRating(itemID: "c", target: .studyCase("STA1"), rater: "R1", value: 1),   // 0.0
            FidelityRating(itemID: "c", target: .participant("STA1PW01"), value: 3),          // 1.0
        ]
        let scores = try model.scores(ratings)
        #expect(scores.map(\.target) == [.studyCase("STA1"), .participant("STA1PW01")])
        let site = scores[0]
        // Item a averages its raters (0.75); P1 averages items a and b: (0.75 + 0.2) / 2.
        #expect(abs(site.principles["P1"]! - 0.475) < 1e-12)
        #expect(site.principles["P2"] == 0)
        #expect(abs(site.overall - 0.2375) < 1e-12)
        #expect(site.ratings == 4)
        #expect(scores[1].principles == ["P2": 1] && scores[1].overall == 1)
    }

    @Test("overall averages the five core principles; diversity stands beside it")
    func diversityIsNotAveragedIntoOverall() throws {
        let model = try FidelityModel(items: [
            FidelityItem(id: "p1", principleID: "P1", text: "", scaleMin: 0, scaleMax: 1),
            FidelityItem(id: "p2", principleID: "P2", text: "", scaleMin: 0, scaleMax: 1),
            FidelityItem(id: "div", principleID: "DIV", text: "", scaleMin: 0, scaleMax: 1),
        ])
        let scores = try model.scores([
            FidelityRating(itemID: "p1", target: .studyCase("PAR1"), value: 1),
            FidelityRating(itemID: "p2", target: .studyCase("PAR1"), value: 0.5),
            FidelityRating(itemID: "div", target: .studyCase("PAR1"), value: 0),
            FidelityRating(itemID: "div", target: .studyCase("PAR2"), value: 1),
        ])
        #expect(scores[0].principles["DIV"] == 0)
        #expect(scores[0].overall == 0.75)
        // Only diversity rated: there is no overall score to give.
        #expect(scores[1].principles == ["DIV": 1] && scores[1].overall.isNaN)
    }

    @Test("participant ratings count towards their case in case scores")
    func caseScores() throws {
        let ratings = [
            FidelityRating(itemID: "c", target: .studyCase("VOL1"), value: 1),
            FidelityRating(itemID: "c", target: .participant("VOL1PW01"), value: 3),
            FidelityRating(itemID: "c", target: .participant("NOCASE"), value: 3),
        ]
        let scores = try model.caseScores(ratings, caseOf: ["VOL1PW01": "VOL1"])
        #expect(scores.count == 1)
        #expect(scores[0].target == .studyCase("VOL1"))
        #expect(scores[0].principles["P2"] == 0.5)
        #expect(scores[0].ratings == 2)
    }

    @Test("bad items and ratings are refused with clear errors")
    func refusals() {
        #expect(throws: FidelityError.invalidScale(itemID: "x", min: 3, max: 3)) {
            try FidelityModel(items: [FidelityItem(id: "x", principleID: "P1", text: "", scaleMin: 3, scaleMax: 3)])
        }
        #expect(throws: FidelityError.unknownPrinciple(itemID: "x", principleID: "P9")) {
            try FidelityModel(items: [FidelityItem(id: "x", principleID: "P9", text: "", scaleMin: 1, scaleMax: 3)])
        }
        #expect(throws: FidelityError.duplicateItem("x")) {
            try FidelityModel(items: Array(repeating: FidelityItem(id: "x", principleID: "P1", text: "", scaleMin: 1, scaleMax: 3), count: 2))
        }
        #expect(throws: FidelityError.unknownItem("zz")) {
            try model.scores([FidelityRating(itemID: "zz", target: .studyCase("S"), value: 1)])
        }
        #expect(throws: FidelityError.valueOutOfScale(itemID: "a", target: "S", value: 6, min: 1, max: 5)) {
            try model.scores([FidelityRating(itemID: "a", target: .studyCase("S"), value: 6)])
        }
        #expect(FidelityError.valueOutOfScale(itemID: "a", target: "S", value: 6, min: 1, max: 5).description.contains("'a'"))
    }

    @Test("evidence counts segments showing each principle, directly or through code mappings")
    func evidence() {
        let codings = [
            EvidenceCoding(caseID: "PAR1", segmentID: 1, target: .principle("P1")),
            EvidenceCoding(caseID: "PAR1", segmentID: 1, target: .code("cm.trust")),       // P1 again, same segment
            EvidenceCoding(caseID: "PAR1", segmentID: 2, target: .code("pv.mutuality")),   // P2
            EvidenceCoding(caseID: "PAR1", segmentID: 3, target: .bct("3.3")),             // no principle
            EvidenceCoding(caseID: "PAR1", segmentID: 4, target: .code("unmapped")),
            EvidenceCoding(caseID: "VOL1", segmentID: 9, target: .principle("DIV")),
        ]
        let evidence = FidelityModel.evidence(codings, codePrinciples: ["cm.trust": ["P1"], "pv.mutuality": ["P2"]])
        #expect(evidence.count == 12)  // two cases × six principles
        let par1 = evidence.filter { $0.caseID == "PAR1" }
        #expect(par1.map(\.principleID) == ["P1", "P2", "P3", "P4", "P5", "DIV"])
        #expect(par1[0].segments == 1 && par1[0].codings == 2 && par1[0].score == 0.25)
        #expect(par1[1].score == 0.25 && par1[2].score == 0)
        #expect(evidence.first { $0.caseID == "VOL1" && $0.principleID == "DIV" }?.score == 1)
    }
}
