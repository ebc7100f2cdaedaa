/// What part of the data a report row describes: everything, one code, one coder pair, or one
/// code for one coder pair.
public struct AgreementScope: Sendable, Hashable {
    /// The code (label) the row is limited to, or `nil` for all labels together.
    public let code: String?
    /// The coder pair the row is limited to, or `nil` for all coders together.
    public let pair: CoderPair?

    /// Names a scope; leave both out for the overall scope.
    public init(code: String? = nil, pair: CoderPair? = nil) {
        self.code = code
        self.pair = pair
    }

    /// All labels and all coders.
    public static let overall = AgreementScope()
}

/// One line of an ``AgreementReport``.
public struct AgreementRow: Sendable, Hashable {
    /// What the row covers.
    public let scope: AgreementScope
    /// The statistic, with its counts or its reason for being undefined.
    public let result: AgreementResult
}

/// Whether a unit on which the compared coders applied no label at all is a unit.
public enum UnlabelledUnits: Sendable, Hashable {
    /// It is a unit on which the coders agree that no label applies. Right for plain ratings,
    /// where an empty list is a coder's answer.
    case compared
    /// It is left out. Right for ratings read from coded text, where an empty rating is only
    /// silence: two coders who both left a stretch without a value of the field have not agreed
    /// on anything. Applies to the coders of each scope, so a pair is compared on the units
    /// where at least one of the two applied something.
    case leftOut
}

/// The agreement statistics of one data set, overall, per code and per coder pair, as a flat list
/// of rows ready to print or export.
///
/// - Overall: percent agreement and "at least one code in common" across all coders (complete
///   units), Fleiss' kappa, and Krippendorff's alpha with the nominal, MASI and Jaccard distances.
/// - Per code (presence/absence of that code): percent agreement, Fleiss' kappa and alpha.
/// - Per coder pair: percent agreement, "at least one code in common", Cohen's kappa and alpha.
/// - Per coder pair and code: percent agreement and Cohen's kappa on presence/absence.
public struct AgreementReport: Sendable {
    /// The rows, overall first, then per code, per pair, and per pair and code.
    public let rows: [AgreementRow]

    /// Computes every statistic; `perCode` and `perPair` switch off the finer breakdowns, and
    /// `unlabelled` says whether units nobody applied a label to count (see ``UnlabelledUnits``).
    public init(_ data: AgreementData, perCode: Bool = true, perPair: Bool = true,
                unlabelled: UnlabelledUnits = .compared) {
        let data = unlabelled == .leftOut ? data.leavingOutUnlabelledUnits() : data
        var rows = Self.overallRows(data)
        let presence = perCode ? Self.presence(data) : []
        for codeData in presence { rows += Self.codeRows(codeData) }
        if perPair {
            for columns in data.coderPairColumns {
                guard unlabelled == .leftOut else {
                    rows += Self.pairRows(data, columns)
                    for codeData in presence { rows += Self.pairCodeRows(codeData, columns) }
                    continue
                }
                // The pair's own units: those where one of the two applied something.
                let pairData = data.restricted(toColumns: [columns.0, columns.1]).leavingOutUnlabelledUnits()
                rows += Self.pairRows(pairData, (0, 1))
                for codeData in perCode ? Self.presence(pairData) : [] { rows += Self.pairCodeRows(codeData, (0, 1)) }
            }
        }
        self.rows = rows
    }

    /// Presence or absence data for each label.
    private static func presence(_ data: AgreementData) -> [AgreementData] {
        (0..<data.labels.count).map { data.presence(ofLabelCode: Int32($0)) }
    }

    /// The row for a measure and scope, if the report has one.
    public func result(_ measure: AgreementMeasure, _ scope: AgreementScope = .overall) -> AgreementResult? {
        rows.first { $0.scope == scope && $0.result.measure == measure }?.result
    }

    private static func overallRows(_ data: AgreementData) -> [AgreementRow] {
        let results = [data.percentAgreement(), data.anyCodeInCommon(), data.fleissKappa()]
            + SetDistance.allCases.map { data.krippendorffAlpha(distance: $0) }
        return results.map { AgreementRow(scope: .overall, result: $0) }
    }

    private static func codeRows(_ codeData: AgreementData) -> [AgreementRow] {
        let scope = AgreementScope(code: codeData.labels[0])
        return [codeData.percentAgreement(), codeData.fleissKappa(), codeData.krippendorffAlpha()]
            .map { AgreementRow(scope: scope, result: $0) }
    }

    private static func pairRows(_ data: AgreementData, _ columns: (Int, Int)) -> [AgreementRow] {
        let (a, b) = columns
        let scope = AgreementScope(pair: CoderPair(data.coders[a], data.coders[b]))
        let results = [
            data.percentAgreement(columns: a, b),
            data.anyCodeInCommon(columns: a, b),
            data.cohenKappa(columns: a, b),
            data.restricted(toColumns: [a, b]).krippendorffAlpha(),
        ]
        return results.map { AgreementRow(scope: scope, result: $0) }
    }

    private static func pairCodeRows(_ codeData: AgreementData, _ columns: (Int, Int)) -> [AgreementRow] {
        let (a, b) = columns
        let scope = AgreementScope(code: codeData.labels[0],
                                   pair: CoderPair(codeData.coders[a], codeData.coders[b]))
        let results = [codeData.percentAgreement(columns: a, b), codeData.cohenKappa(columns: a, b)]
        return results.map { AgreementRow(scope: scope, result: $0) }
    }
}
