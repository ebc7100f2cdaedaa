
/// A site or service where interviews took place (a row of `cases`).
public struct StudyCase: Hashable, Sendable, Codable {
    /// Case identifier such as `PAR1`.
    public var id: String
    /// Sector code: `STA` statutory, `PAR` partnership, `VOL` voluntary, or any other text.
    public var sector: String?
    /// Human-readable name of the site.
    public var label: String?
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?
    /// Further facts about the site, all as text.
    @JSONTextAttributes public var attributes: [String: String]

    /// Makes a case. Without an explicit sector, the leading letters of the id are used
    /// (`PAR1` → `PAR`), matching how participant ids name their sector.
    public init(
        id: String, sector: String? = nil, label: String? = nil, guid: String? = nil,
        attributes: [String: String] = [:]
    ) {
        self.id = id
        self.sector = sector ?? StudyCase.sector(ofCaseID: id)
        self.label = label
        self.guid = guid
        self.attributes = attributes
    }

    /// Reads a case as `init(id:sector:label:guid:attributes:)` makes one, so a case stored
    /// without a sector gets the one its id names.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id),
                  sector: try container.decodeIfPresent(String.self, forKey: .sector),
                  label: try container.decodeIfPresent(String.self, forKey: .label),
                  guid: try container.decodeIfPresent(String.self, forKey: .guid),
                  attributes: try container.decode(JSONTextAttributes.self, forKey: .attributes).wrappedValue)
    }

    /// The leading letters of a case id, or nil when the id does not start with a letter.
    public static func sector(ofCaseID id: String) -> String? {
        let letters = id.prefix { $0.isLetter }
        return letters.isEmpty ? nil : String(letters)
    }
}
