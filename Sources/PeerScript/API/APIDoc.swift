/// The documentation of one Lua-visible function, method or field, written beside its
/// registration. The reference manual, the editor definitions file and the REPL's `:help` are
/// all generated from these.
public struct APIDoc: Sendable, Hashable {
    /// One parameter of a function or method.
    public struct Parameter: Sendable, Hashable {
        /// The parameter's name.
        public var name: String
        /// Its LuaLS type (`string`, `integer`, `table`, `string|string[]`, `Query`, …).
        public var type: String {
            get { declaredType ?? options?.luaType ?? "table" }
            set { declaredType = newValue }
        }
        /// The type as declared; nil for an options table, whose type is spelled from its schema
        /// only when the docs are shown (every session declares the API, few show its docs).
        private var declaredType: String?
        /// What it means.
        public var summary: String
        /// Whether it may be left out.
        public var optional: Bool
        /// For an options table, the options it takes.
        var options: OptionSchema?

        /// Describes a parameter; a type ending in `?` marks it optional.
        public init(_ name: String, _ type: String, _ summary: String) {
            self.name = name
            self.optional = type.hasSuffix("?")
            self.summary = summary
            self.declaredType = optional ? String(type.dropLast()) : type
        }

        /// Describes an optional options table by its schema.
        init(options schema: OptionSchema, _ summary: String = "options; see the table below") {
            name = "options"
            self.summary = summary
            optional = true
            options = schema
        }
    }

    /// One result of a function or method.
    public struct Result: Sendable, Hashable {
        /// Its LuaLS type.
        public var type: String
        /// What it holds.
        public var summary: String

        /// Describes a result.
        public init(_ type: String, _ summary: String) {
            self.type = type
            self.summary = summary
        }
    }

    /// What kind of member this is.
    public enum Kind: String, Sendable, Hashable {
        /// Called with `.`: `taxonomy.get("3.1")`.
        case function
        /// Called with `:` on an object: `query:count()`.
        case method
        /// Read with `.`: `bct.label`.
        case field
    }

    /// The member's name within its table or class (`bct`, `where`, `label`).
    public var name: String
    /// Function, method or field.
    public var kind: Kind
    /// One or two sentences saying what it does.
    public var summary: String
    /// Its parameters, in order.
    public var parameters: [Parameter]
    /// Its results (for a field: its type).
    public var results: [Result]
    /// A short example of use.
    public var example: String?
    /// The PeerScript version that introduced it.
    public var since: String

    /// Documents a function or method.
    public init(_ name: String, kind: Kind = .function, _ summary: String,
                parameters: [Parameter] = [], returns results: [Result] = [],
                example: String? = nil, since: String = "0.1.0") {
        self.name = name
        self.kind = kind
        self.summary = summary
        self.parameters = parameters
        self.results = results
        self.example = example
        self.since = since
    }

    /// Documents a read-only field of type `type`.
    public static func field(_ name: String, _ type: String, _ summary: String,
                             example: String? = nil, since: String = "0.1.0") -> APIDoc {
        APIDoc(name, kind: .field, summary, returns: [Result(type, "")], example: example, since: since)
    }

    /// The call as a user writes it, e.g. `taxonomy.get(id)` or `query:where(filter)`.
    public func signature(owner: String) -> String {
        let separator = kind == .method ? ":" : "."
        let qualified = owner.isEmpty ? name : owner + separator + name
        guard kind != .field else { return qualified }
        let names = parameters.map { $0.optional ? $0.name + "?" : $0.name }
        return "\(qualified)(\(names.joined(separator: ", ")))"
    }
}

/// A documented group of members: a global table (module) or a class of objects.
public struct APIGroupDoc: Sendable, Hashable {
    /// A global table such as `taxonomy`, or a class such as `Query`.
    public enum Kind: String, Sendable, Hashable {
        /// A global table of functions and fields.
        case module
        /// A kind of object that functions return.
        case `class`
    }

    /// The global's or class's name.
    public var name: String
    /// Module or class.
    public var kind: Kind
    /// What it is for.
    public var summary: String
    /// Its members, in the order they were registered.
    public var members: [APIDoc]
}
