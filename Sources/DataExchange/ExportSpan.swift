import Foundation
import StudyModel

/// Checks on what another program may have written into a project file, made before an export
/// uses it, so that a broken row stops the export with a message instead of a crash.
enum ExportSpan {
    /// Throws unless `start..<end` lies inside a text of `length` code points.
    static func check(start: Int, end: Int, length: Int, document: String, segment: String) throws {
        guard start >= 0, end >= start, end <= length else {
            throw ExchangeError.segmentOutsideText(document: document, segment: segment, start: start, end: end,
                                                   length: length)
        }
    }

    /// Throws when a code is its own ancestor or the tree is nested deeper than
    /// ``ExchangeLimits/maxNesting``, since the export walks the tree recursively. `children`
    /// maps each parent id (`nil` for roots) to its child codes.
    static func checkCodeTree(_ children: [String?: [Code]]) throws {
        // Depth-first from the roots without recursion; codes on a cycle are never reached from
        // a root, so they are found as the codes left over.
        var depth: [String: Int] = [:]
        var pending = (children[nil] ?? []).map { ($0.id, 1) }
        while let (id, level) = pending.popLast() {
            guard level <= ExchangeLimits.maxNesting else {
                throw ExchangeError.badCodeTree(code: id, reason: "is nested more than \(ExchangeLimits.maxNesting) deep")
            }
            depth[id] = level
            pending += (children[id] ?? []).map { ($0.id, level + 1) }
        }
        let all = children.values.joined()
        if let orphan = all.first(where: { depth[$0.id] == nil }) {
            throw ExchangeError.badCodeTree(code: orphan.id, reason: "is its own ancestor (its parent chain is a loop)")
        }
    }
}
