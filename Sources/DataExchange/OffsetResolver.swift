import Foundation

/// Which offset convention an import uses: a fixed one, or `auto` to decide from the file.
public enum OffsetMode: Sendable, Equatable, CustomStringConvertible {
    /// Decide from the producer and check against the selections.
    case auto
    /// Use this convention; a selection that does not fit it is an error.
    case fixed(OffsetConvention)

    /// Parses a mode as users write it: `auto`, `utf16`, `codepoints` or `crlf1`.
    public init?(argument: String) {
        if argument == "auto" {
            self = .auto
        } else if let convention = OffsetConvention(rawValue: argument) {
            self = .fixed(convention)
        } else {
            return nil
        }
    }

    /// The mode as users write it.
    public var description: String {
        switch self {
        case .auto: return "auto"
        case let .fixed(convention): return convention.rawValue
        }
    }
}

/// How well one convention fits a project's selections.
public struct OffsetEvidence: Sendable, Equatable {
    /// The convention tested.
    public var convention: OffsetConvention
    /// Why the convention cannot be used (a selection outside its text or splitting a character),
    /// or `nil` when every selection fits.
    public var failure: ExchangeError?
    /// Selections whose name looks like their text under at least one convention.
    public var namedSelections = 0
    /// Of those, the ones whose name agrees with the text this convention selects.
    public var namesAgreeing = 0
    /// Selection boundaries checked (two per selection).
    public var boundaries = 0
    /// Of those, the ones that fall between words rather than inside one.
    public var wordBoundaries = 0

    /// One line for the import report.
    public var summary: String {
        if let failure { return "\(convention): unusable (\(Self.shortReason(failure)))" }
        var parts = ["\(wordBoundaries)/\(boundaries) boundaries between words"]
        if namedSelections > 0 { parts.insert("\(namesAgreeing)/\(namedSelections) names agree", at: 0) }
        return "\(convention): " + parts.joined(separator: ", ")
    }

    private static func shortReason(_ error: ExchangeError) -> String {
        switch error {
        case let .offsetOutsideText(_, selection, _, _, start, end, length, _):
            return "selection \(selection) spans \(start)–\(end) but the text has \(length) units"
        case let .offsetInsideCharacter(_, selection, _, _, offset, _):
            return "selection \(selection) splits a character at \(offset)"
        default:
            return error.description
        }
    }
}

/// The outcome of choosing an offset convention for a project.
public struct OffsetDecision: Sendable {
    /// The convention used.
    public var convention: OffsetConvention
    /// The mode that was asked for.
    public var mode: OffsetMode
    /// Why this convention was chosen, in one sentence.
    public var reason: String
    /// How each convention fits, in `OffsetConvention.allCases` order.
    public var evidence: [OffsetEvidence]
    /// Scalar ranges of the selections: `spans[s][k]` belongs to `project.sources[s].selections[k]`.
    public var spans: [[Range<Int>]]
    /// Selections whose name matches their text under some convention, but not under the one used.
    public var mismatchedNames: [String]
}

/// Chooses the offset convention for a project's selections and converts them to scalar ranges.
///
/// Every convention is tried on every selection. A convention is unusable when it puts a
/// boundary outside the text or inside a character. Among the usable ones, the evidence is the
/// selections' own names (many producers store the selected text, or its beginning, as the name)
/// and, failing names, whether boundaries fall between words. `auto` takes the producer's known
/// convention when the evidence supports it as well as any other, and otherwise the best-supported.
public struct OffsetResolver {
    /// The project file, for error messages.
    public let file: String

    /// How its report says a convention was asked for.
    public let advice: ExchangeAdvice

    /// Creates a resolver whose errors name `file`.
    public init(file: String, advice: ExchangeAdvice = .neutral) {
        self.file = file
        self.advice = advice
    }

    /// Decides the convention for `project` (whose sources must carry their text) under `mode`.
    public func resolve(_ project: QDAProject, mode: OffsetMode) throws -> OffsetDecision {
        let conventions = OffsetConvention.allCases
        var evidence = conventions.map { OffsetEvidence(convention: $0) }
        var spans = [[[Range<Int>]]](repeating: [], count: conventions.count)
        var nameAgreement: [[Bool]] = []  // per selection (flattened), per convention

        for source in project.sources {
            let scalars = Array((source.text ?? "").unicodeScalars)
            var sourceSpans = [[Range<Int>]](repeating: [], count: conventions.count)
            var tables: [OffsetTable] = []
            for convention in conventions {
                tables.append(OffsetTable(scalars: scalars, convention: convention))
            }
            for selection in source.selections {
                var agreement: [Bool] = []
                for (index, table) in tables.enumerated() {
                    let span = evaluate(selection, in: source, scalars: scalars, table: table,
                                        evidence: &evidence[index])
                    sourceSpans[index].append(span ?? 0..<0)
                    agreement.append(span.map { Self.nameAgrees(selection.name, scalars: scalars[$0]) } ?? false)
                }
                nameAgreement.append(agreement)
            }
            for index in conventions.indices { spans[index].append(sourceSpans[index]) }
        }
        for row in nameAgreement where row.contains(true) {
            for index in conventions.indices {
                evidence[index].namedSelections += 1
                if row[index] { evidence[index].namesAgreeing += 1 }
            }
        }

        let (chosen, reason) = try choose(mode: mode, origin: project.origin, evidence: evidence, spans: spans)
        let mismatched = zip(project.sources.flatMap(\.selections), nameAgreement)
            .filter { $0.1.contains(true) && !$0.1[chosen] }
            .map { $0.0.guid }
        return OffsetDecision(convention: conventions[chosen], mode: mode, reason: reason,
                              evidence: evidence, spans: spans[chosen], mismatchedNames: mismatched)
    }

    /// The scalar range of `selection` under `table`'s convention, or `nil` (recording the first
    /// failure in `evidence`) when it does not fit.
    private func evaluate(_ selection: QDASelection, in source: QDATextSource, scalars: [Unicode.Scalar],
                          table: OffsetTable, evidence: inout OffsetEvidence) -> Range<Int>? {
        let label = source.name.map { "\"\($0)\"" } ?? source.guid
        let start = table.scalarOffset(selection.start)
        let end = table.scalarOffset(selection.end)
        let outside = selection.start < 0 || selection.end > table.producerLength || selection.end < selection.start
        var failure: ExchangeError?
        if outside {
            failure = .offsetOutsideText(file: file, selection: selection.guid, line: selection.line, source: label,
                                         start: selection.start, end: selection.end,
                                         length: table.producerLength, convention: table.convention.rawValue)
        } else if start == nil || end == nil {
            failure = .offsetInsideCharacter(file: file, selection: selection.guid, line: selection.line,
                                             source: label, offset: start == nil ? selection.start : selection.end,
                                             convention: table.convention.rawValue)
        }
        if let failure {
            if evidence.failure == nil { evidence.failure = failure }
            return nil
        }
        guard let start, let end else { return nil }
        evidence.boundaries += 2
        if Self.isWordBoundary(scalars, at: start) { evidence.wordBoundaries += 1 }
        if Self.isWordBoundary(scalars, at: end) { evidence.wordBoundaries += 1 }
        return start..<end
    }

    /// Picks the convention index and says why.
    private func choose(mode: OffsetMode, origin: String?, evidence: [OffsetEvidence],
                        spans: [[[Range<Int>]]]) throws -> (Int, String) {
        let conventions = OffsetConvention.allCases
        if case let .fixed(convention) = mode {
            let index = conventions.firstIndex(of: convention)!
            if let failure = evidence[index].failure { throw failure }
            return (index, "\(convention), \(advice.offsetsAskedFor)")
        }
        let usable = conventions.indices.filter { evidence[$0].failure == nil }
        guard !usable.isEmpty else {
            throw ExchangeError.noOffsetConvention(file: file,
                                                   detail: evidence.map(\.summary).joined(separator: "; "))
        }
        let producer = origin.map { "\"\($0)\"" } ?? "an unknown producer"
        let expected = OffsetConvention.known(forOrigin: origin).flatMap { conventions.firstIndex(of: $0) }
        if usable.allSatisfy({ spans[$0] == spans[usable[0]] }) {
            let index = expected.flatMap { usable.contains($0) ? $0 : nil }
                ?? conventions.firstIndex(of: .codepoints).flatMap { usable.contains($0) ? $0 : nil }
                ?? usable[0]
            return (index, "\(conventions[index]): every usable convention gives the same spans in this file")
        }
        func rank(_ index: Int) -> (Int, Int) { (evidence[index].namesAgreeing, evidence[index].wordBoundaries) }
        let best = usable.max { rank($0) < rank($1) }!
        if let expected, usable.contains(expected), rank(expected) >= rank(best) {
            return (expected, "\(conventions[expected]): the convention of \(producer), confirmed by the selections")
        }
        let preferred = usable.filter { rank($0) == rank(best) }
        let index = preferred.first { conventions[$0] == .codepoints } ?? preferred[0]
        if let expected {
            return (index, "\(conventions[index]): fits the selections better than \(conventions[expected]), "
                + "the usual convention of \(producer)")
        }
        return (index, "\(conventions[index]): fits the selections best (producer \(producer) has no known convention)")
    }

    // MARK: - Evidence

    /// Whether a selection's name reads as the text it selects: equal, or the text's beginning
    /// (producers shorten long names, sometimes adding an ellipsis). Whitespace runs count as one
    /// space, since producers flatten line breaks in names.
    static func nameAgrees(_ name: String?, scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let name else { return false }
        var claimed = collapsed(name.unicodeScalars[...])
        for marker in ["…", "..."] where claimed.hasSuffix(marker) {
            claimed = String(claimed.dropLast(marker.count)).trimmingCharacters(in: .whitespaces)
        }
        guard !claimed.isEmpty else { return false }
        let actual = collapsed(scalars)
        return actual.unicodeScalars.starts(with: claimed.unicodeScalars)
    }

    private static func collapsed<S: Collection>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in scalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Whether offset `index` falls between words: not between two word characters, not between
    /// a character and a mark or joiner that belongs to it, and not between CR and LF.
    static func isWordBoundary(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard index > 0, index < scalars.count else { return true }
        let before = scalars[index - 1]
        let after = scalars[index]
        if before == "\r" && after == "\n" { return false }
        if isAttached(after) || before == "\u{200D}" { return false }
        return !(isWordCharacter(before) && isWordCharacter(after))
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil
    }

    /// Scalars that attach to the one before them: combining marks, joiners, variation selectors,
    /// emoji skin-tone modifiers.
    private static func isAttached(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: break
        }
        return scalar == "\u{200D}" || scalar.properties.isVariationSelector || scalar.properties.isEmojiModifier
    }
}
