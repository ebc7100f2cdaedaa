/// Which agreement statistic a result holds.
public enum AgreementMeasure: String, Sendable, Hashable, CaseIterable {
    /// Share of units on which the coders gave exactly the same set of labels.
    case percentAgreement = "percent_agreement"
    /// Share of units on which the coders applied at least one label in common.
    case anyCodeInCommon = "any_code_in_common"
    /// Cohen's kappa for two coders; each distinct label set is one category.
    case cohenKappa = "cohen_kappa"
    /// Fleiss' kappa over the units that every coder rated.
    case fleissKappa = "fleiss_kappa"
    /// Krippendorff's alpha with the nominal distance (two label sets agree only if equal).
    case alphaNominal = "alpha_nominal"
    /// Krippendorff's alpha with the MASI set distance.
    case alphaMASI = "alpha_masi"
    /// Krippendorff's alpha with the Jaccard set distance.
    case alphaJaccard = "alpha_jaccard"
    /// Share of a document's characters on which two coders agree to code or not to code.
    case characterPercentAgreement = "character_percent_agreement"
    /// Cohen's kappa over a document's characters, coded versus not coded.
    case characterKappa = "character_kappa"
}

/// Why a statistic has no value for the data it was given.
public enum UndefinedReason: String, Sendable, Hashable, CaseIterable {
    /// Fewer than two coders take part, so there is nothing to compare.
    case fewerThanTwoCoders = "fewer_than_two_coders"
    /// No unit carries ratings from two coders (for a pair: no unit rated by both).
    case noPairableValues = "no_pairable_values"
    /// No unit was rated by every coder; the measure uses complete units only.
    case noCompleteUnits = "no_complete_units"
    /// Every pairable rating is the same value, so chance agreement is 1 and the coefficient is 0/0.
    case noVariation = "no_variation"
    /// Every compared unit was rated with no label at all, so no label could be shared.
    case noCodedUnits = "no_coded_units"
    /// The document has no characters.
    case emptyDocument = "empty_document"
}

extension UndefinedReason: CustomStringConvertible {
    /// A sentence saying why the value is missing and what would make it defined.
    public var description: String {
        switch self {
        case .fewerThanTwoCoders:
            return "fewer than two coders: agreement needs ratings from at least two coders"
        case .noPairableValues:
            return "no pairable values: no unit was rated by two coders"
        case .noCompleteUnits:
            return "no complete units: no unit was rated by every coder"
        case .noVariation:
            return "no variation: every rating has the same value, so chance agreement is 1 "
                + "and the coefficient is undefined (percent agreement is still reported)"
        case .noCodedUnits:
            return "no coded units: every compared unit was rated without any label"
        case .emptyDocument:
            return "empty document: the document has no characters to compare"
        }
    }
}

/// One agreement statistic together with the data it rests on.
///
/// Exactly one of ``value`` and ``reason`` is set. Proportions (percent agreement) are reported
/// between 0 and 1. ``observedAgreement`` and ``chanceAgreement`` are the two terms of the
/// chance-corrected form `(observed − chance) / (1 − chance)`; for Krippendorff's alpha they are
/// `1 − Do` and `1 − De`, so the same form holds.
public struct AgreementResult: Sendable, Hashable {
    /// The statistic this result holds.
    public let measure: AgreementMeasure
    /// The statistic, or `nil` when it is undefined for these data.
    public let value: Double?
    /// Why ``value`` is `nil`; `nil` whenever a value exists.
    public let reason: UndefinedReason?
    /// Units (or characters) that entered the computation.
    public let units: Int
    /// Units present in the input that the computation left out (incomplete or unpairable).
    public let droppedUnits: Int
    /// Coders whose ratings entered the computation.
    public let coders: Int
    /// Individual ratings that entered the computation.
    public let pairableValues: Int
    /// Agreement actually observed, when the computation got that far.
    public let observedAgreement: Double?
    /// Agreement expected by chance; `nil` for measures that do not correct for chance.
    public let chanceAgreement: Double?

    /// Makes a result; only ``undefined(_:_:usage:observed:chance:)`` and
    /// ``defined(_:_:usage:observed:chance:)`` call it, which keeps exactly one of value and
    /// reason set.
    private init(measure: AgreementMeasure, value: Double?, reason: UndefinedReason?,
                 units: Int, droppedUnits: Int, coders: Int, pairableValues: Int,
                 observedAgreement: Double?, chanceAgreement: Double?) {
        self.measure = measure
        self.value = value
        self.reason = reason
        self.units = units
        self.droppedUnits = droppedUnits
        self.coders = coders
        self.pairableValues = pairableValues
        self.observedAgreement = observedAgreement
        self.chanceAgreement = chanceAgreement
    }

    /// A result with no value, carrying the reason and whatever counts were known.
    static func undefined(_ measure: AgreementMeasure, _ reason: UndefinedReason,
                          usage: Usage = Usage(), observed: Double? = nil,
                          chance: Double? = nil) -> AgreementResult {
        AgreementResult(measure: measure, value: nil, reason: reason, units: usage.units,
                        droppedUnits: usage.dropped, coders: usage.coders,
                        pairableValues: usage.pairable, observedAgreement: observed,
                        chanceAgreement: chance)
    }

    /// A result with a value.
    static func defined(_ measure: AgreementMeasure, _ value: Double, usage: Usage,
                        observed: Double?, chance: Double?) -> AgreementResult {
        AgreementResult(measure: measure, value: value, reason: nil, units: usage.units,
                        droppedUnits: usage.dropped, coders: usage.coders,
                        pairableValues: usage.pairable, observedAgreement: observed,
                        chanceAgreement: chance)
    }

    /// The counts every result carries, gathered while a computation runs.
    struct Usage {
        var units = 0
        var dropped = 0
        var coders = 0
        var pairable = 0
    }

    /// Builds a chance-corrected result. The caller decides `noVariation` from exact integer
    /// tallies, because comparing a floating-point chance term with 1 is unreliable.
    static func chanceCorrected(_ measure: AgreementMeasure, observed: Double, chance: Double,
                                noVariation: Bool, usage: Usage) -> AgreementResult {
        if noVariation {
            return .undefined(measure, .noVariation, usage: usage, observed: observed, chance: 1)
        }
        return .defined(measure, (observed - chance) / (1 - chance), usage: usage,
                        observed: observed, chance: chance)
    }
}

extension AgreementResult: CustomStringConvertible {
    /// The measure, its value or reason, and the counts, on one line.
    public var description: String {
        let shown = value.map { String($0) } ?? "undefined (\(reason?.description ?? ""))"
        return "\(measure.rawValue) = \(shown); units \(units) (dropped \(droppedUnits)), "
            + "coders \(coders), pairable values \(pairableValues)"
    }
}
