/// The four participant roles of a peer-support study, with the two-letter codes used in ids.
public enum ParticipantRole: String, CaseIterable, Sendable, Codable {
    /// A peer worker (PW): someone employed to use their own lived experience in support.
    case peerWorker = "PW"
    /// A service user (SU) receiving peer support.
    case serviceUser = "SU"
    /// A member of staff (ST) working alongside peer workers.
    case staff = "ST"
    /// A manager (MA) of a service that employs peer workers.
    case manager = "MA"

    /// The role written out in words, for tables and reports.
    public var name: String {
        switch self {
        case .peerWorker: "peer worker"
        case .serviceUser: "service user"
        case .staff: "staff"
        case .manager: "manager"
        }
    }
}

/// A participant id split into its parts: `PAR1PW01` is case `PAR1` (sector `PAR`),
/// role `PW`, number `01`.
public struct ParticipantID: Hashable, Sendable, CustomStringConvertible {
    /// The id as written.
    public let rawValue: String
    /// The case part: sector letters followed by the case number (`PAR1`).
    public let caseID: String
    /// The sector letters at the start of the id (`PAR`).
    public let sector: String
    /// The role part (`PW`).
    public let role: ParticipantRole
    /// The participant number within case and role, as written (`01`).
    public let number: String

    /// Splits an id of the form LETTERS DIGITS ROLE DIGITS; throws
    /// `CorpusError.unparsableParticipantID` (naming `row` when given) otherwise.
    public init(_ text: String, row: Int? = nil) throws {
        guard let parsed = ParticipantID.parse(text) else {
            throw CorpusError.unparsableParticipantID(text, row: row)
        }
        self = parsed
    }

    private init(rawValue: String, sector: String, caseNumber: String, role: ParticipantRole, number: String) {
        self.rawValue = rawValue
        self.sector = sector
        self.caseID = sector + caseNumber
        self.role = role
        self.number = number
    }

    /// The id as written.
    public var description: String { rawValue }

    /// Parses without throwing; nil when the text is not a participant id.
    public static func parse(_ text: String) -> ParticipantID? {
        // A hand-written scanner: ids are ASCII, and this runs for every imported row.
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func take(_ accept: (Unicode.Scalar) -> Bool) -> String {
            let start = index
            while index < scalars.count, accept(scalars[index]) { index += 1 }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }
        let isUpper: (Unicode.Scalar) -> Bool = { $0 >= "A" && $0 <= "Z" }
        let isDigit: (Unicode.Scalar) -> Bool = { $0 >= "0" && $0 <= "9" }
        let sector = take(isUpper)
        let caseNumber = take(isDigit)
        let roleCode = take(isUpper)
        let number = take(isDigit)
        guard index == scalars.count, !sector.isEmpty, !caseNumber.isEmpty, !number.isEmpty,
              let role = ParticipantRole(rawValue: roleCode) else { return nil }
        return ParticipantID(rawValue: text, sector: sector, caseNumber: caseNumber, role: role, number: number)
    }
}
