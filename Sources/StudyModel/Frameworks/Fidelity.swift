import Foundation

/// A statement raters score to judge how faithfully a service follows one principle.
public struct FidelityItem: Hashable, Sendable, Codable {
    /// Item identifier.
    public var id: String
    /// The principle the item belongs to (`P1`…`P5`, `DIV`).
    public var principleID: String
    /// What the rater judges.
    public var text: String
    /// The lowest value of the item's rating scale.
    public var scaleMin: Double
    /// The highest value of the item's rating scale.
    public var scaleMax: Double

    /// The Codable form uses the column names of `fidelity_items`.
    private enum CodingKeys: String, CodingKey {
        case id, principleID = "principle_id", text, scaleMin = "scale_min", scaleMax = "scale_max"
    }

    /// Makes an item; the scale is chosen by the project (1–5, 0–10, …).
    public init(id: String, principleID: String, text: String, scaleMin: Double, scaleMax: Double) {
        self.id = id
        self.principleID = principleID
        self.text = text
        self.scaleMin = scaleMin
        self.scaleMax = scaleMax
    }

    /// Maps a rating onto 0–1: `scaleMin` becomes 0 and `scaleMax` becomes 1.
    public func normalised(_ value: Double) -> Double {
        (value - scaleMin) / (scaleMax - scaleMin)
    }
}

/// What a fidelity rating is about: a whole case (site) or one participant.
public enum FidelityTarget: Hashable, Sendable, Comparable {
    /// A case, by case id.
    case studyCase(String)
    /// A participant, by participant id.
    case participant(String)

    /// The case or participant id.
    public var id: String {
        switch self {
        case let .studyCase(id), let .participant(id): id
        }
    }
}

/// One rater's score of one item for a case or participant.
public struct FidelityRating: Hashable, Sendable {
    /// The rated item.
    public var itemID: String
    /// The case or participant rated.
    public var target: FidelityTarget
    /// Who gave the rating, if recorded.
    public var rater: String?
    /// The score on the item's scale.
    public var value: Double

    /// Makes a rating.
    public init(itemID: String, target: FidelityTarget, rater: String? = nil, value: Double) {
        self.itemID = itemID
        self.target = target
        self.rater = rater
        self.value = value
    }
}

/// Fidelity scores of one case or participant, every score on 0–1.
public struct FidelityScore: Hashable, Sendable {
    /// Whose scores these are.
    public var target: FidelityTarget
    /// Mean normalised item score per principle id, for principles with at least one rating.
    public var principles: [String: Double]
    /// Mean of the core principles' scores, so each weighs the same whatever its item count.
    /// Cross-cutting principles (diversity of lived experience) are scored beside it, not in
    /// it: they run through the five core ones rather than standing beside them. NaN when no
    /// core principle was rated.
    public var overall: Double
    /// Number of ratings the scores rest on.
    public var ratings: Int
}

/// A problem with fidelity items or ratings.
public enum FidelityError: Error, Equatable, Sendable {
    /// An item's scale has no width (`scaleMax` must be above `scaleMin`).
    case invalidScale(itemID: String, min: Double, max: Double)
    /// An item belongs to a principle the framework does not have.
    case unknownPrinciple(itemID: String, principleID: String)
    /// An item id appears twice.
    case duplicateItem(String)
    /// A rating names an item that does not exist.
    case unknownItem(String)
    /// A rating lies outside its item's scale.
    case valueOutOfScale(itemID: String, target: String, value: Double, min: Double, max: Double)
}

extension FidelityError: DescribedError {
    /// A sentence naming the item or rating and what to change.
    public var description: String {
        switch self {
        case let .invalidScale(item, min, max):
            return "fidelity item '\(item)' has scale \(min)–\(max); the maximum must be greater than the minimum"
        case let .unknownPrinciple(item, principle):
            return "fidelity item '\(item)' belongs to unknown principle '\(principle)'; use P1–P5 or DIV"
        case let .duplicateItem(item):
            return "fidelity item '\(item)' is defined twice; item ids must be unique"
        case let .unknownItem(item):
            return "a rating refers to fidelity item '\(item)', which does not exist; define the item first"
        case let .valueOutOfScale(item, target, value, min, max):
            return "rating \(value) of item '\(item)' for '\(target)' lies outside the item's scale \(min)–\(max)"
        }
    }
}

/// A set of fidelity items and the scoring of ratings against them.
public struct FidelityModel: Hashable, Sendable {
    /// The items, in the order given.
    public let items: [FidelityItem]
    private let itemIndex: [String: Int]
    /// Principles left out of the overall score (see ``FidelityScore/overall``).
    private let crossCutting: Set<String>

    /// Makes a model; throws when an item has an empty scale, an unknown principle or a repeated id.
    public init(items: [FidelityItem], principles: PrinciplesFramework = .standard) throws {
        var index: [String: Int] = [:]
        for (position, item) in items.enumerated() {
            guard item.scaleMax > item.scaleMin else {
                throw FidelityError.invalidScale(itemID: item.id, min: item.scaleMin, max: item.scaleMax)
            }
            guard principles.principle(item.principleID) != nil else {
                throw FidelityError.unknownPrinciple(itemID: item.id, principleID: item.principleID)
            }
            guard index.updateValue(position, forKey: item.id) == nil else { throw FidelityError.duplicateItem(item.id) }
        }
        self.items = items
        self.itemIndex = index
        crossCutting = Set(principles.principles.filter(\.crossCutting).map(\.id))
    }

    /// The item with this id, if any.
    public func item(_ id: String) -> FidelityItem? {
        itemIndex[id].map { items[$0] }
    }

    /// Checks that a rating names a known item and lies on its scale.
    public func validate(_ rating: FidelityRating) throws {
        guard let item = item(rating.itemID) else { throw FidelityError.unknownItem(rating.itemID) }
        guard rating.value >= item.scaleMin, rating.value <= item.scaleMax else {
            throw FidelityError.valueOutOfScale(itemID: item.id, target: rating.target.id, value: rating.value,
                                                min: item.scaleMin, max: item.scaleMax)
        }
    }

    /// Scores per rated case or participant, sorted by target (cases first).
    public func scores(_ ratings: [FidelityRating]) throws -> [FidelityScore] {
        try scores(ratings) { $0.target }
    }

    /// Scores per case: ratings of participants count towards the case given by `caseOf`
    /// (participant id → case id); participant ratings without a case are left out.
    public func caseScores(_ ratings: [FidelityRating], caseOf: [String: String]) throws -> [FidelityScore] {
        try scores(ratings) { rating in
            switch rating.target {
            case .studyCase: rating.target
            case let .participant(id): caseOf[id].map(FidelityTarget.studyCase)
            }
        }
    }

    /// Groups ratings by `key`, averages normalised values per item (over raters), then per
    /// principle (over items), then overall (over the core principles).
    private func scores(_ ratings: [FidelityRating], key: (FidelityRating) -> FidelityTarget?) throws -> [FidelityScore] {
        var grouped: [FidelityTarget: [String: [Double]]] = [:]
        var counts: [FidelityTarget: Int] = [:]
        for rating in ratings {
            try validate(rating)
            guard let target = key(rating), let item = item(rating.itemID) else { continue }
            grouped[target, default: [:]][item.id, default: []].append(item.normalised(rating.value))
            counts[target, default: 0] += 1
        }
        return grouped.keys.sorted().map { target in
            var byPrinciple: [String: [Double]] = [:]
            for (itemID, values) in grouped[target]! {
                byPrinciple[item(itemID)!.principleID, default: []].append(mean(values))
            }
            let principles = byPrinciple.mapValues(mean)
            let core = principles.keys.sorted().filter { !crossCutting.contains($0) }
            let overall = core.isEmpty ? .nan : mean(core.map { principles[$0]! })
            return FidelityScore(target: target, principles: principles, overall: overall, ratings: counts[target] ?? 0)
        }
    }
}

/// How strongly the coded text of one case shows one principle.
public struct PrincipleEvidence: Hashable, Sendable {
    /// The case.
    public var caseID: String
    /// The principle (`P1`…`P5`, `DIV`).
    public var principleID: String
    /// Coded segments of the case that carry evidence of the principle.
    public var segments: Int
    /// Codings that carry evidence of the principle (direct principle codings and codings of
    /// codes mapped to it).
    public var codings: Int
    /// `segments` divided by all coded segments of the case: 0–1.
    public var score: Double
}

/// One coding as evidence scoring needs it.
public struct EvidenceCoding: Hashable, Sendable {
    /// The case of the coded document.
    public var caseID: String
    /// The coded segment.
    public var segmentID: Int64
    /// What was applied.
    public var target: CodingTarget

    /// Makes an evidence input.
    public init(caseID: String, segmentID: Int64, target: CodingTarget) {
        self.caseID = caseID
        self.segmentID = segmentID
        self.target = target
    }
}

extension FidelityModel {
    /// Evidence of each principle in each case, from codings: a coding counts for a principle
    /// when it applies the principle directly or applies a code mapped to it
    /// (`codePrinciples`: code id → principle ids). Sorted by case, then principle order.
    public static func evidence(
        _ codings: [EvidenceCoding], codePrinciples: [String: [String]], principles: PrinciplesFramework = .standard
    ) -> [PrincipleEvidence] {
        var codedSegments: [String: Set<Int64>] = [:]
        var evidenceSegments: [String: [String: Set<Int64>]] = [:]
        var evidenceCodings: [String: [String: Int]] = [:]
        for coding in codings {
            codedSegments[coding.caseID, default: []].insert(coding.segmentID)
            let shown: [String] = switch coding.target {
            case let .principle(id): [id]
            case let .code(id): codePrinciples[id] ?? []
            case .bct: []
            }
            for principle in Set(shown) {
                evidenceSegments[coding.caseID, default: [:]][principle, default: []].insert(coding.segmentID)
                evidenceCodings[coding.caseID, default: [:]][principle, default: 0] += 1
            }
        }
        let order = principles.principles.map(\.id)
        return codedSegments.keys.sorted().flatMap { caseID in
            let total = Double(codedSegments[caseID]!.count)
            return order.map { principle in
                let segments = evidenceSegments[caseID]?[principle]?.count ?? 0
                return PrincipleEvidence(
                    caseID: caseID, principleID: principle, segments: segments,
                    codings: evidenceCodings[caseID]?[principle] ?? 0, score: Double(segments) / total)
            }
        }
    }
}

/// The arithmetic mean; callers never pass an empty list.
private func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
}
