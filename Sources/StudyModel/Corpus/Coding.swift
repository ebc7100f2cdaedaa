import Foundation

/// What a coding applies: a codebook code, a behaviour change technique, or a principle.
public enum CodingTarget: Hashable, Sendable {
    /// A code of a codebook, by code id.
    case code(String)
    /// A technique of the taxonomy (BCTTv1, relational group or an extension), by id such as `3.1`.
    case bct(String)
    /// A peer-support principle, by id `P1`…`P5` or `DIV`.
    case principle(String)

    /// The id of the code, technique or principle.
    public var id: String {
        switch self {
        case let .code(id), let .bct(id), let .principle(id): id
        }
    }

    /// The code id when the target is a code, else nil (the value of `codings.code_id`).
    public var codeID: String? { if case let .code(id) = self { id } else { nil } }
    /// The technique id when the target is a technique, else nil (`codings.bct_id`).
    public var bctID: String? { if case let .bct(id) = self { id } else { nil } }
    /// The principle id when the target is a principle, else nil (`codings.principle_id`).
    public var principleID: String? { if case let .principle(id) = self { id } else { nil } }

    /// `code`, `bct` or `principle`: the kind of thing the coding applies.
    public var kind: String {
        switch self {
        case .code: "code"
        case .bct: "bct"
        case .principle: "principle"
        }
    }
}

/// One coder applying one code, technique or principle to one segment (a row of `codings`).
public struct Coding: Hashable, Sendable, Codable {
    /// Row id, assigned by the store on insert.
    public var id: Int64?
    /// The coded segment.
    public var segmentID: Int64
    /// What was applied.
    public var target: CodingTarget
    /// Who applied it.
    public var coderID: Int64
    /// When it was applied, as ISO 8601 text (kept as text so imported stamps survive unchanged).
    public var createdAt: String?
    /// The coder's note on this coding.
    public var memo: String?
    /// Globally unique id used by REFI-QDA exchange, when known.
    public var guid: String?

    /// Makes a coding; leave `id` nil to let the store assign it.
    public init(
        id: Int64? = nil, segmentID: Int64, target: CodingTarget, coderID: Int64,
        createdAt: String? = nil, memo: String? = nil, guid: String? = nil
    ) {
        self.id = id
        self.segmentID = segmentID
        self.target = target
        self.coderID = coderID
        self.createdAt = createdAt
        self.memo = memo
        self.guid = guid
    }

    /// The Codable form uses the column names of `codings`: the target is written as three
    /// optional keys, `code_id`, `bct_id` and `principle_id`, of which exactly one is set.
    private enum CodingKeys: String, CodingKey {
        case id, segmentID = "segment_id", codeID = "code_id", bctID = "bct_id", principleID = "principle_id"
        case coderID = "coder_id", createdAt = "created_at", memo, guid
    }

    /// Reads a coding; fails with `CorpusError.invalidCodingTarget` unless exactly one of the
    /// three target keys is set.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let id = try container.decodeIfPresent(Int64.self, forKey: .id)
        let target: CodingTarget
        switch (try container.decodeIfPresent(String.self, forKey: .codeID),
                try container.decodeIfPresent(String.self, forKey: .bctID),
                try container.decodeIfPresent(String.self, forKey: .principleID)) {
        case let (code?, nil, nil): target = .code(code)
        case let (nil, bct?, nil): target = .bct(bct)
        case let (nil, nil, principle?): target = .principle(principle)
        default: throw CorpusError.invalidCodingTarget(codingID: id)
        }
        self.init(id: id, segmentID: try container.decode(Int64.self, forKey: .segmentID), target: target,
                  coderID: try container.decode(Int64.self, forKey: .coderID),
                  createdAt: try container.decodeIfPresent(String.self, forKey: .createdAt),
                  memo: try container.decodeIfPresent(String.self, forKey: .memo),
                  guid: try container.decodeIfPresent(String.self, forKey: .guid))
    }

    /// Writes a coding, the target id under the key of its kind and nil under the other two.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(segmentID, forKey: .segmentID)
        try container.encode(target.codeID, forKey: .codeID)
        try container.encode(target.bctID, forKey: .bctID)
        try container.encode(target.principleID, forKey: .principleID)
        try container.encode(coderID, forKey: .coderID)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(memo, forKey: .memo)
        try container.encode(guid, forKey: .guid)
    }

    /// ISO 8601 text for `date` in UTC with whole seconds, the form PeerScript writes.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
