import Foundation
import StudyModel

/// A problem that stops an import or export. Each message names the file and, where there is one,
/// the element, line or row at fault, and says what to do about it. When an import stops with one
/// of these, the project is left exactly as it was.
public enum ExchangeError: Error, Equatable, Sendable {
    /// The file could not be read at all.
    case unreadableFile(file: String, reason: String)
    /// A file that could not be written.
    case unwritableFile(file: String, reason: String)
    /// A `.qdpx` file that is not a zip archive.
    case notAZip(file: String)
    /// A `.qdpx` archive without a `project.qde` inside.
    case missingProjectFile(file: String)
    /// XML that does not parse.
    case malformedXML(file: String, line: Int, column: Int, reason: String)
    /// XML whose elements are nested deeper than ``ExchangeLimits/maxNesting``.
    case nestedTooDeeply(file: String, line: Int, limit: Int)
    /// The system's libxml2, which reads XML, could not be opened.
    case xmlLibraryUnavailable(file: String, reason: String)
    /// A file that is not a regular file (a folder, a device, a pipe).
    case notARegularFile(file: String, kind: String)
    /// An archive whose entries would inflate to more than the allowed size.
    case archiveTooLarge(file: String, entry: String, limitBytes: Int64)
    /// Codings CSV or transcripts larger in all than the import may read.
    case importTooLarge(file: String, bytes: Int64, limitBytes: Int64)
    /// A segment of the project whose offsets do not fit its document's text.
    case segmentOutsideText(document: String, segment: String, start: Int, end: Int, length: Int)
    /// A code of the project that is its own ancestor, or nested deeper than the export allows.
    case badCodeTree(code: String, reason: String)
    /// The XML parses but its root element is not the one expected.
    case wrongRootElement(file: String, found: String, expected: String)
    /// A required attribute is missing or has a value that cannot be used.
    case badAttribute(file: String, element: String, line: Int, attribute: String, value: String?)
    /// A text source whose text cannot be found.
    case missingSourceText(file: String, source: String, path: String?)
    /// A text file that is not valid UTF-8.
    case notUTF8(file: String)
    /// A selection whose offsets do not fit the text under the chosen convention.
    case offsetOutsideText(file: String, selection: String, line: Int, source: String,
                           start: Int, end: Int, length: Int, convention: String)
    /// A selection whose boundary falls inside a character (half a UTF-16 surrogate pair, or between
    /// the CR and LF of a line break) under the chosen convention.
    case offsetInsideCharacter(file: String, selection: String, line: Int, source: String,
                               offset: Int, convention: String)
    /// No offset convention places every selection inside its text.
    case noOffsetConvention(file: String, detail: String)
    /// The file's extension names no format PeerScript reads or writes.
    case unsupportedFormat(file: String, allowed: String)
    /// Rows of a CSV file that cannot be imported; nothing was imported.
    case csvRows(file: String, problems: [String])
    /// A CSV file without a required column.
    case csvMissingColumns(file: String, missing: [String])
    /// A transcript whose name is already used by a document with different text.
    case documentConflict(file: String, document: String)
    /// A source whose GUID matches a document of the project but whose text differs from it.
    case documentTextDiffers(file: String, source: String, document: String)
    /// A participant identifier that cannot be used.
    case badParticipant(file: String, value: String, reason: String)
    /// A file larger than its kind of import accepts.
    case fileTooLarge(file: String, bytes: Int, limit: Int)
    /// A text file with bytes that are not UTF-8, first on `line`.
    case notUTF8AtLine(file: String, line: Int, workbook: Bool)
    /// A taxonomy extension that clashes with the project's taxonomy.
    case extensionConflict(file: String, detail: String)
}

extension ExchangeError: DescribedError {
    /// The full message: what went wrong, where, and what to do, in neutral words.
    public var description: String { description(advice: .neutral) }

    /// The full message, saying what to do in the embedder's words.
    public func description(advice: ExchangeAdvice) -> String {
        switch self {
        case let .unreadableFile(file, reason):
            return Self.located(file, "cannot be read (\(reason.excerpt)). Check the path and permissions.")
        case let .unwritableFile(file, reason):
            return Self.located(file, "cannot be written (\(reason.excerpt)). Check that the folder exists and is writable.")
        case let .notAZip(file):
            return Self.located(file, "not a zip archive, so not a REFI-QDA project (.qdpx). "
                + "Export the project again from the QDA program, or check that this is the right file.")
        case let .missingProjectFile(file):
            return Self.located(file, "the archive has no project.qde. A REFI-QDA project must contain it at the top level.")
        case let .malformedXML(file, line, column, reason):
            return Self.located(file, "malformed XML at line \(line), column \(column): \(reason.excerpt). "
                + "The file is damaged or was not written by a REFI-QDA exporter.")
        case let .nestedTooDeeply(file, line, limit):
            return Self.located(file, "elements are nested more than \(limit) deep at line \(line). REFI-QDA files nest "
                + "a few levels (plus the depth of the code tree), so the file is damaged or not a REFI-QDA file.")
        case let .xmlLibraryUnavailable(file, reason):
            return Self.located(file, "cannot be read: libxml2.so.2, which reads XML, could not be opened (\(reason.excerpt)). "
                + "Install libxml2 (on Debian and Ubuntu: apt-get install libxml2) and import again.")
        case let .notARegularFile(file, kind):
            return Self.located(file, "is \(kind), not a regular file. Give the path of the exported file itself.")
        case let .archiveTooLarge(file, entry, limitBytes):
            return Self.located(file, "\(entry.excerpt) would unpack to more than \(ByteLimit.describe(limitBytes)) "
                + "(the limit on uncompressed size), so the archive was not unpacked. " + advice.ifGenuine)
        case let .importTooLarge(file, bytes, limitBytes):
            return Self.located(file, "is \(ByteLimit.describe(bytes)), more than the \(ByteLimit.describe(limitBytes)) "
                + "an import reads, so nothing was read. " + advice.ifGenuine)
        case let .segmentOutsideText(document, segment, start, end, length):
            let problem = end < start ? "ends before it starts" : "lies outside the text (\(length) characters)"
            return "project: segment \(segment.excerpt) of document \(document.excerpt) spans \(start)–\(end) and "
                + "\(problem), so the project cannot be exported. The project file was changed by another "
                + "program; fix or delete that segment."
        case let .badCodeTree(code, reason):
            return "project: code \(code.excerpt) \(reason.excerpt), so the code tree cannot be exported. "
                + "The project file was changed by another program; fix that code's parent."
        case let .wrongRootElement(file, found, expected):
            return Self.located(file, "the root element is <\(found.excerpt)>, expected <\(expected)>.")
        case let .badAttribute(file, element, line, attribute, value):
            let shown = value.map { "\"\($0.excerpt)\"" } ?? "missing"
            return Self.located(file, "<\(element.excerpt)> at line \(line) has attribute \(attribute.excerpt) \(shown); "
                + "the REFI-QDA standard requires a valid value.")
        case let .missingSourceText(file, source, path):
            let where_ = path.map { " at \($0.excerpt)" } ?? ""
            return Self.located(file, "the text of source \(source.excerpt)\(where_) is not in the archive and not inline. "
                + "Export the project again with its sources included.")
        case let .notUTF8(file):
            return Self.located(file, "the text is not valid UTF-8. Save it as UTF-8 and import again.")
        case let .offsetOutsideText(file, selection, line, source, start, end, length, convention):
            return Self.located(file, "<PlainTextSelection guid=\"\(selection.excerpt)\"> at line \(line) spans \(start)–\(end), "
                + "outside the text of source \(source.excerpt) (\(length) \(convention) units long). "
                + "The export does not match its sources; \(advice.tryOtherOffsets) or export again.")
        case let .offsetInsideCharacter(file, selection, line, source, offset, convention):
            return Self.located(file, "<PlainTextSelection guid=\"\(selection.excerpt)\"> at line \(line) has a boundary at \(offset), "
                + "inside a character of source \(source.excerpt) when counted as \(convention). "
                + "\(advice.tryOtherOffsets.sentenceStart).")
        case let .noOffsetConvention(file, detail):
            return Self.located(file, "no offset convention fits every selection (\(detail)). "
                + "\(advice.chooseOffsets.sentenceStart) to see which selection is at fault.")
        case let .unsupportedFormat(file, allowed):
            return Self.located(file, "unknown file type; expected \(allowed).")
        case let .csvRows(file, problems):
            let shown = problems.prefix(20).joined(separator: "\n  ")
            let more = problems.count > 20 ? "\n  … and \(problems.count - 20) more" : ""
            return Self.located(file, "\(problems.count) row(s) cannot be imported, so nothing was imported:\n  \(shown)\(more)")
        case let .csvMissingColumns(file, missing):
            return Self.located(file, "missing column(s) \(missing.joined(separator: ", ")) in the header row.")
        case let .documentConflict(file, document):
            return Self.located(file, "document \(document.excerpt) already exists with different text. "
                + "Rename the file, or remove the old document first.")
        case let .documentTextDiffers(file, source, document):
            return Self.located(file, "source \(source.excerpt) has the GUID of document \(document.excerpt) but different text, so its "
                + "offsets cannot be applied to the project's copy. Import it into a new project, or remove the "
                + "document first.")
        case let .badParticipant(file, value, reason):
            return Self.located(file, "participant \"\(value.excerpt)\" cannot be used: \(reason.excerpt).")
        case let .fileTooLarge(file, bytes, limit):
            return Self.located(file, "is \(bytes) bytes; files of this kind may be at most \(ByteLimit.describe(Int64(limit))), "
                + "so it was not read. Split it, or check that it is the right file.")
        case let .notUTF8AtLine(file, line, workbook):
            let hint = workbook ? " It looks like a spreadsheet workbook, not a CSV file: save it as \"CSV UTF-8\"." : ""
            return Self.located(file, "line \(line) holds bytes that are not UTF-8, so nothing was imported.\(hint) "
                + "Save the file as UTF-8 and import again.")
        case let .extensionConflict(file, detail):
            return Self.located(file, "\(detail.excerpt), so nothing was imported.")
        }
    }

    /// A message about one file: its (shortened) path, then what is wrong with it.
    private static func located(_ file: String, _ problem: String) -> String {
        "\(file.excerpt): \(problem)"
    }
}
