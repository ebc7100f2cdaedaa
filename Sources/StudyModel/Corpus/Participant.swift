
/// A person interviewed in the study (a row of `participants`).
public struct Participant: Hashable, Sendable, Codable {
    /// Participant identifier, usually of the form `PAR1PW01`.
    public var id: String
    /// Role code: `PW`, `SU`, `ST`, `MA`, or another code kept as written.
    public var role: String
    /// The case (site) the participant belongs to.
    public var caseID: String?
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?
    /// Further facts about the participant, all as text.
    @JSONTextAttributes public var attributes: [String: String]

    /// The Codable form uses the column names of `participants`.
    private enum CodingKeys: String, CodingKey {
        case id, role, caseID = "case_id", guid, attributes
    }

    /// Makes a participant from explicit values.
    public init(id: String, role: String, caseID: String?, guid: String? = nil, attributes: [String: String] = [:]) {
        self.id = id
        self.role = role
        self.caseID = caseID
        self.guid = guid
        self.attributes = attributes
    }

    /// Makes a participant from an id, taking case and role from the id when it parses
    /// (`PAR1PW01`). An id that does not parse is accepted when `attributes["role"]` gives the
    /// role (the case then comes from `attributes["case"]`, if any); otherwise this throws an
    /// error naming the id and `row`.
    public init(id: String, attributes: [String: String] = [:], guid: String? = nil, row: Int? = nil) throws {
        if let parsed = ParticipantID.parse(id) {
            self.init(id: id, role: parsed.role.rawValue, caseID: parsed.caseID, guid: guid, attributes: attributes)
            return
        }
        guard let role = attributes["role"], !role.isEmpty else {
            throw CorpusError.unparsableParticipantID(id, row: row)
        }
        self.init(id: id, role: role, caseID: attributes["case"], guid: guid, attributes: attributes)
    }

    /// The role as one of the four known roles, or nil for any other code.
    public var knownRole: ParticipantRole? { ParticipantRole(rawValue: role) }
}
