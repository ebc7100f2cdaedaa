import Foundation

/// Everything PeerScript reads from, or writes to, a REFI-QDA project (`project.qde`) or codebook
/// (`.qdc`), held as plain values before any of it touches a project store.
///
/// Offsets in selections are kept exactly as the producing software wrote them; turning them into
/// Unicode scalar offsets is a separate, explicit step (see ``OffsetConvention``).
/// GUIDs are kept in canonical form (lower case, no braces; see ``QDAGUID``).
public struct QDAProject: Sendable, Equatable {
    /// The project's name (`name` attribute of `Project`).
    public var name: String
    /// The software that wrote the file, e.g. "NVivo for Windows 12.6" (`origin`).
    public var origin: String?
    /// The user who created the project.
    public var creatingUserGUID: String?
    /// When the project was created, as written (ISO 8601).
    public var creationDateTime: String?
    /// The user who last changed the project.
    public var modifyingUserGUID: String?
    /// When the project was last changed, as written (ISO 8601).
    public var modifiedDateTime: String?
    /// Folder that relative source paths are resolved against, as written.
    public var basePath: String?
    /// Free-text description of the project.
    public var description: String?
    /// People who worked on the project.
    public var users: [QDAUser] = []
    /// Top-level codes of the codebook; each holds its children.
    public var codes: [QDACode] = []
    /// Attribute definitions used by cases and sources.
    public var variables: [QDAVariable] = []
    /// Cases (people, sites, or any unit of analysis).
    public var cases: [QDACase] = []
    /// Text sources with their selections and codings.
    public var sources: [QDATextSource] = []
    /// Notes (memos).
    public var notes: [QDANote] = []
    /// Named groups of codes, sources and notes.
    public var sets: [QDASet] = []
    /// Notes attached to the project as a whole.
    public var noteRefs: [String] = []
    /// Elements that were read but that PeerScript does not keep (non-text sources, links,
    /// graphs), counted by element name so that an import can say so.
    public var notKept: [String: Int] = [:]

    /// Creates an empty project with the given name.
    public init(name: String) { self.name = name }

    /// Every code in the codebook, parents before children, in document order.
    public var allCodes: [QDACode] {
        var result: [QDACode] = []
        func visit(_ code: QDACode) {
            result.append(code)
            code.children.forEach(visit)
        }
        codes.forEach(visit)
        return result
    }

    /// Number of codings over all selections of all sources.
    public var codingCount: Int {
        sources.reduce(0) { total, source in
            total + source.selections.reduce(0) { $0 + $1.codings.count }
        }
    }
}

/// A person who created or changed something in the project.
public struct QDAUser: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// Display name; may be missing in some files.
    public var name: String?
    /// The producer's own identifier for the user, if any.
    public var id: String?

    /// Creates a user.
    public init(guid: String, name: String? = nil, id: String? = nil) {
        self.guid = guid
        self.name = name
        self.id = id
    }
}

/// One code of the codebook, with its children.
public struct QDACode: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// The code's name as shown to users.
    public var name: String
    /// Whether text can be coded with this code (folders of codes often cannot).
    public var isCodable: Bool
    /// Colour as `#RRGGBB` (three-digit colours are expanded when read).
    public var color: String?
    /// Free-text description or definition.
    public var description: String?
    /// Notes attached to the code.
    public var noteRefs: [String] = []
    /// Child codes in document order.
    public var children: [QDACode] = []

    /// Creates a code.
    public init(guid: String, name: String, isCodable: Bool = true, color: String? = nil,
                description: String? = nil, noteRefs: [String] = [], children: [QDACode] = []) {
        self.guid = guid
        self.name = name
        self.isCodable = isCodable
        self.color = color
        self.description = description
        self.noteRefs = noteRefs
        self.children = children
    }
}

/// The kinds of value a REFI-QDA variable can hold (`typeOfVariable`).
public enum QDAVariableType: String, Sendable, Equatable, CaseIterable {
    /// Free text.
    case text = "Text"
    /// `true` or `false`.
    case boolean = "Boolean"
    /// Whole number.
    case integer = "Integer"
    /// Decimal number.
    case float = "Float"
    /// Calendar date (`YYYY-MM-DD`).
    case date = "Date"
    /// Date and time (ISO 8601).
    case dateTime = "DateTime"

    /// The element name that carries a value of this type inside `VariableValue`.
    public var valueElement: String { rawValue + "Value" }
}

/// An attribute definition, e.g. "role" or "sector".
public struct QDAVariable: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// Name of the attribute.
    public var name: String
    /// Type of its values.
    public var type: QDAVariableType
    /// Free-text description.
    public var description: String?

    /// Creates a variable.
    public init(guid: String, name: String, type: QDAVariableType = .text, description: String? = nil) {
        self.guid = guid
        self.name = name
        self.type = type
        self.description = description
    }
}

/// The value of one variable for one case or source. The value is kept as the text written in
/// the file, whatever its type, so that nothing is lost to number or date formatting.
public struct QDAVariableValue: Sendable, Equatable {
    /// GUID of the ``QDAVariable``.
    public var variableGUID: String
    /// The value's type, from the element that carried it (`TextValue`, `IntegerValue`, …).
    public var type: QDAVariableType
    /// The value as written.
    public var value: String
}

/// A case: a unit of analysis that sources belong to (a participant or a site).
public struct QDACase: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// Name, e.g. "PAR1PW01" or "Riverside peer service".
    public var name: String?
    /// Free-text description.
    public var description: String?
    /// Codes the case is tagged with.
    public var codeRefs: [String] = []
    /// Attribute values.
    public var values: [QDAVariableValue] = []
    /// Sources that belong to the case.
    public var sourceRefs: [String] = []
    /// Selections that belong to the case.
    public var selectionRefs: [String] = []

    /// Creates a case.
    public init(guid: String, name: String? = nil, description: String? = nil) {
        self.guid = guid
        self.name = name
        self.description = description
    }
}

/// A text source (a transcript or other document) with its selections.
public struct QDATextSource: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// Name shown to users.
    public var name: String?
    /// Path of the plain text inside or outside the archive (`internal://…`, `relative://…`,
    /// `file://…`), as written.
    public var plainTextPath: String?
    /// Path of the rich text version, as written.
    public var richTextPath: String?
    /// Text given inline in the XML instead of a path.
    public var plainTextContent: String?
    /// The text the selections refer to, with any byte-order mark removed and line endings kept.
    /// Filled by ``QDPXArchive`` (from the file) or from ``plainTextContent``.
    public var text: String?
    /// GUID of the user who added the source.
    public var creatingUser: String?
    /// When the source was added.
    public var creationDateTime: String?
    /// GUID of the user who last changed the source.
    public var modifyingUser: String?
    /// When the source was last changed.
    public var modifiedDateTime: String?
    /// Free-text description.
    public var description: String?
    /// Coded spans of the text.
    public var selections: [QDASelection] = []
    /// Codes applied to the source as a whole rather than to a span.
    public var codings: [QDACoding] = []
    /// Notes attached to the source.
    public var noteRefs: [String] = []
    /// Attribute values of the source.
    public var values: [QDAVariableValue] = []
    /// The line in `project.qde` where the source starts, for error messages.
    public var line: Int = 0

    /// Creates a text source.
    public init(guid: String, name: String? = nil) {
        self.guid = guid
        self.name = name
    }
}

/// What REFI-QDA records of who made and last changed an element and when, and the element's
/// description: read and written the same way for sources and selections.
protocol QDAStamped {
    var creatingUser: String? { get set }
    var creationDateTime: String? { get set }
    var modifyingUser: String? { get set }
    var modifiedDateTime: String? { get set }
    var description: String? { get set }
}

extension QDATextSource: QDAStamped {}
extension QDASelection: QDAStamped {}

/// A span of a text source (`PlainTextSelection`).
public struct QDASelection: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// Name; many producers put the selected text here (sometimes shortened).
    public var name: String?
    /// Start as the producer counted it (inclusive).
    public var start: Int
    /// End as the producer counted it (exclusive).
    public var end: Int
    /// GUID of the user who made the selection.
    public var creatingUser: String?
    /// When the selection was made.
    public var creationDateTime: String?
    /// GUID of the user who last changed it.
    public var modifyingUser: String?
    /// When it was last changed.
    public var modifiedDateTime: String?
    /// Free-text description; some producers put the selected text here.
    public var description: String?
    /// Codes applied to the span.
    public var codings: [QDACoding] = []
    /// Notes attached to the span.
    public var noteRefs: [String] = []
    /// The line in `project.qde` where the selection starts, for error messages.
    public var line: Int = 0

    /// Creates a selection.
    public init(guid: String, name: String? = nil, start: Int, end: Int) {
        self.guid = guid
        self.name = name
        self.start = start
        self.end = end
    }
}

/// One code applied to one selection.
public struct QDACoding: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// GUID of the code applied.
    public var codeGUID: String
    /// GUID of the user who applied it.
    public var creatingUser: String?
    /// When it was applied.
    public var creationDateTime: String?
    /// Notes attached to the coding.
    public var noteRefs: [String] = []

    /// Creates a coding.
    public init(guid: String, codeGUID: String, creatingUser: String? = nil,
                creationDateTime: String? = nil, noteRefs: [String] = []) {
        self.guid = guid
        self.codeGUID = codeGUID
        self.creatingUser = creatingUser
        self.creationDateTime = creationDateTime
        self.noteRefs = noteRefs
    }
}

/// A note (memo). REFI-QDA stores notes with the same structure as text sources; PeerScript keeps
/// their text, name, author and time.
public struct QDANote: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// Title of the note.
    public var name: String?
    /// The note's text (inline content, or the file its path names).
    public var text: String
    /// Path of the text when it was given as a file, as written.
    public var plainTextPath: String?
    /// GUID of the author.
    public var creatingUser: String?
    /// When the note was written.
    public var creationDateTime: String?
    /// Free-text description.
    public var description: String?

    /// Creates a note.
    public init(guid: String, name: String? = nil, text: String = "", plainTextPath: String? = nil,
                creatingUser: String? = nil, creationDateTime: String? = nil, description: String? = nil) {
        self.guid = guid
        self.name = name
        self.text = text
        self.plainTextPath = plainTextPath
        self.creatingUser = creatingUser
        self.creationDateTime = creationDateTime
        self.description = description
    }
}

/// A named group of codes, sources and notes.
public struct QDASet: Sendable, Equatable {
    /// Canonical GUID.
    public var guid: String
    /// Name of the set.
    public var name: String
    /// Free-text description.
    public var description: String?
    /// GUIDs of member codes.
    public var codeRefs: [String] = []
    /// GUIDs of member sources.
    public var sourceRefs: [String] = []
    /// GUIDs of member notes.
    public var noteRefs: [String] = []

    /// Creates a set.
    public init(guid: String, name: String, description: String? = nil) {
        self.guid = guid
        self.name = name
        self.description = description
    }
}

/// A REFI-QDA codebook exchange file (`.qdc`): codes and sets without any data.
public struct QDACodebook: Sendable, Equatable {
    /// The software that wrote the file.
    public var origin: String?
    /// Top-level codes, each with its children.
    public var codes: [QDACode] = []
    /// Sets of codes.
    public var sets: [QDASet] = []

    /// Creates a codebook.
    public init(origin: String? = nil, codes: [QDACode] = [], sets: [QDASet] = []) {
        self.origin = origin
        self.codes = codes
        self.sets = sets
    }
}
