
/// A person who applies codes to text (a row of `coders`).
public struct Coder: Hashable, Sendable, Codable {
    /// Row id, assigned by the store on insert.
    public var id: Int64?
    /// The coder's name, unique within a project.
    public var name: String
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?

    /// Makes a coder; leave `id` nil to let the store assign it.
    public init(id: Int64? = nil, name: String, guid: String? = nil) {
        self.id = id
        self.name = name
        self.guid = guid
    }
}
