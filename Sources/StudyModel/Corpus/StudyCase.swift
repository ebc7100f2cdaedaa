
/// A site or service where interviews took place (a row of `cases`).
public struct StudyCase: Hashable, Sendable {
    /// Case identifier such as `PAR1`.
    public var id: String
    /// Sector code: `STA` statutory, `PAR` partnership, `VOL` voluntary, or any other text.
    public var sector: String?
    /// Human-readable name of the site.
    public var label: String?
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?
    /// Further facts about the site, all as text.
    public var attributes: [String: String]

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

    /// The leading letters of a case id, or nil when the id does not start with a letter.
    public static func sector(ofCaseID id: String) -> String? {
        let letters = id.prefix { $0.isLetter }
        return letters.isEmpty ? nil : String(letters)
    }
}
