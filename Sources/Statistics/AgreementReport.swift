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

    /// Computes every statistic; `perCode` and `perPair` switch off the finer breakdowns.
    public init(_ data: AgreementData, perCode: Bool = true, perPair: Bool = true) {
        var rows = Self.overallRows(data)
        let presence = perCode
            ? (0..<data.labels.count).map { data.presence(ofLabelCode: Int32($0)) } : []
        for codeData in presence { rows += Self.codeRows(codeData) }
        if perPair {
            for columns in data.coderPairColumns {
                rows += Self.pairRows(data, columns)
                for codeData in presence { rows += Self.pairCodeRows(codeData, columns) }
            }
        }
        self.rows = rows
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
