import Foundation
import ResultTables
import StudyModel

/// Why a corpus could not be loaded or a query could not run, with what to do about it.
public enum QueryError: Error, Equatable, Sendable {
    /// No field has this name. `suggestions` are the closest names; `available` lists every
    /// field that could stand in its place there.
    case unknownField(String, suggestions: [String], available: [String])
    /// A bare attribute name that both participants and cases use; `candidates` are the
    /// qualified names to choose from.
    case ambiguousField(String, candidates: [String])
    /// A filter names a technique, group, framework or principle that does not exist.
    case unknownValue(field: String, value: String, suggestions: [String])
    /// A single value was asked of a field that can hold several for one row.
    case multipleValues(field: String)
    /// A table over this field would have more rows or columns than can be shown.
    case tooManyValues(field: String, count: Int, limit: Int)
    /// An argument is out of range; the text says which and why.
    case invalidArgument(String)
    /// A row refers to a row of another table that does not exist.
    case danglingReference(table: String, rowID: String, column: String, value: String)
    /// A segment's offsets are negative, reversed or too large.
    case invalidSegment(id: Int64, start: Int64, end: Int64)
    /// A segment ends past the end of its document's text.
    case segmentOutsideText(segmentID: Int64, documentID: String, end: Int, length: Int)
    /// A document's text could not be read back from the project.
    case textUnavailable(documentID: String, reason: String)
}

extension QueryError: DescribedError {
    /// A sentence naming the problem and what to do instead.
    public var description: String {
        switch self {
        case let .unknownField(name, suggestions, available):
            let hint = suggestions.isEmpty ? "" : "did you mean \(Self.quoted(suggestions, joiner: " or "))? "
            return "unknown field '\(name)'; \(hint)valid fields are: \(available.joined(separator: ", "))"
        case let .ambiguousField(name, candidates):
            return "field '\(name)' is ambiguous; write \(Self.quoted(candidates, joiner: " or "))"
        case let .unknownValue(field, value, suggestions):
            let hint = suggestions.isEmpty ? "" : "; did you mean \(Self.quoted(suggestions, joiner: " or "))?"
            return "\(field) has no value '\(value)'\(hint)"
        case let .multipleValues(field):
            return "field '\(field)' can hold several values per row; ask for all of them (values) instead of one"
        case let .tooManyValues(field, count, limit):
            return "'\(field)' has \(count) distinct values, more than the \(limit) a table can hold here; filter first"
        case let .invalidArgument(detail):
            return detail
        case let .danglingReference(table, rowID, column, value):
            return "\(table) row '\(rowID)' has \(column) '\(value)', which names no row; "
                + "repair the project (PRAGMA foreign_key_check lists such rows)"
        case let .invalidSegment(id, start, end):
            return "segment \(id) has offsets \(start)..<\(end); start must be ≥ 0, end ≥ start, "
                + "and both below 2,147,483,648"
        case let .segmentOutsideText(segmentID, documentID, end, length):
            return "segment \(segmentID) ends at \(end) but document '\(documentID)' has only \(length) characters; "
                + "re-import the document or fix the segment"
        case let .textUnavailable(documentID, reason):
            return FailureWording.couldNot("read", "the text of document '\(documentID)'", because: reason)
        }
    }

    private static func quoted(_ names: [String], joiner: String) -> String {
        names.map { "'\($0)'" }.joined(separator: joiner)
    }
}

/// Finds the names closest to a misspelt one, for "did you mean" hints.
public enum NameSuggestions {
    /// Up to `limit` names from `candidates` close to `name`: within a small edit distance,
    /// ending in `.name` (so `role` finds `participant.role`), or containing it.
    public static func closest(to name: String, among candidates: [String], limit: Int = 3) -> [String] {
        let wanted = name.lowercased()
        // A name that differs only in case is the one meant.
        let sameLetters = candidates.filter { $0.lowercased() == wanted }
        if !sameLetters.isEmpty { return Array(sameLetters.prefix(limit)) }
        let allowed = max(2, wanted.count / 3)
        var scored: [(score: Int, name: String)] = []
        let wantedLength = wanted.unicodeScalars.count
        for candidate in candidates {
            let lowered = candidate.lowercased()
            if lowered.hasSuffix("." + wanted) {
                scored.append((0, candidate))
                continue
            }
            // The lengths alone bound the distance from below, which spares the quadratic
            // count for names nowhere near a candidate (a megabyte-long string, say).
            let lengthGap = abs(lowered.unicodeScalars.count - wantedLength)
            if lengthGap > allowed {
                if wanted.count >= 3, lowered.count > wanted.count, lowered.contains(wanted) {
                    scored.append((allowed + 1, candidate))
                }
                continue
            }
            let distance = editDistance(wanted, lowered)
            if distance <= allowed {
                scored.append((distance, candidate))
            } else if wanted.count >= 3, lowered.contains(wanted) {
                scored.append((allowed + 1, candidate))
            }
        }
        // Among equally distant names, those sharing a longer start with the input come first.
        func sharedStart(_ candidate: String) -> Int {
            zip(wanted, candidate.lowercased()).prefix { $0 == $1 }.count
        }
        return scored.sorted { left, right in
            if left.score != right.score { return left.score < right.score }
            let a = sharedStart(left.name), b = sharedStart(right.name)
            if a != b { return a > b }
            return NaturalOrder.precedes(left.name, right.name)
        }.prefix(limit).map(\.name)
    }

    /// Levenshtein distance over Unicode scalars.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
        if x.isEmpty { return y.count }
        var previous = Array(0...y.count)
        var current = previous
        for i in 1...x.count {
            current[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[y.count]
    }
}
