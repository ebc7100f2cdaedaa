/// How exchange messages tell the user to change a setting of the import.
///
/// The domain does not know the interface it runs under, so the embedder words these (the
/// command-line tool names its flags); ``neutral`` names no interface at all.
public struct ExchangeAdvice: Sendable, Equatable {
    /// Completes "If it is genuine, …" for an archive over the size limit.
    public var raiseUncompressedLimit: String
    /// How to pick another offset convention, as in "…; <this> or export again".
    public var tryOtherOffsets: String
    /// How to fix one offset convention, as in "<this> to see which selection is at fault".
    public var chooseOffsets: String
    /// What follows a fixed convention's name in the import report.
    public var offsetsAskedFor: String
    /// How to give transcripts a participant when their file names are not participant ids.
    public var nameParticipant: String

    /// Advice with the embedder's wording; each phrase starts in lower case.
    public init(raiseUncompressedLimit: String, tryOtherOffsets: String, chooseOffsets: String,
                offsetsAskedFor: String, nameParticipant: String) {
        self.raiseUncompressedLimit = raiseUncompressedLimit
        self.tryOtherOffsets = tryOtherOffsets
        self.chooseOffsets = chooseOffsets
        self.offsetsAskedFor = offsetsAskedFor
        self.nameParticipant = nameParticipant
    }

    /// Wording for embedders that give none.
    public static let neutral = ExchangeAdvice(
        raiseUncompressedLimit: "raise the limit on uncompressed size",
        tryOtherOffsets: "try another offset convention",
        chooseOffsets: "choose one convention explicitly",
        offsetsAskedFor: "as asked for",
        nameParticipant: "name the participant explicitly")

    /// The closing sentence of both size-limit messages (an archive, a whole import).
    var ifGenuine: String { "If it is genuine, \(raiseUncompressedLimit)." }
}

extension String {
    /// The text with its first letter in upper case, for advice that opens a sentence.
    var sentenceStart: String { prefix(1).uppercased() + dropFirst() }
}
