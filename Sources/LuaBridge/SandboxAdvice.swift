/// How the sandbox's refusals tell the user to lift a restriction.
///
/// The bridge does not know the program that embeds it, so the embedder words the advice (the
/// command-line tool names its flags); ``neutral`` names no interface at all.
public struct SandboxAdvice: Sendable, Equatable {
    /// How to lift a restriction, completing "(… to allow it)", such as "run the script as trusted".
    public var liftRestriction: String
    /// How to write files somewhere else, completing "(…, or <liftRestriction>)".
    public var chooseOutputFolder: String

    /// Advice with the embedder's wording.
    public init(liftRestriction: String, chooseOutputFolder: String) {
        self.liftRestriction = liftRestriction
        self.chooseOutputFolder = chooseOutputFolder
    }

    /// Wording for embedders that give none.
    public static let neutral = SandboxAdvice(liftRestriction: "run the script as trusted",
                                              chooseOutputFolder: "choose another output folder")

    /// "(… to allow it)", for refusals of what a trusted script may do.
    var allowIt: String { "\(liftRestriction) to allow it" }
    /// "(… to lift this)", for refusals to read outside the readable folders.
    var liftThis: String { "\(liftRestriction) to lift this" }
}
