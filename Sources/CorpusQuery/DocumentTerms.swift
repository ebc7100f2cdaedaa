import GRDB
import ProjectStorage
import Synchronization

/// How often each folded word occurs in each document, counted once per snapshot: the
/// tokenizing pass over every text is the expensive part of word frequencies, and the sums by
/// group that follow are cheap. Stems are looked up per distinct word, not per occurrence.
struct DocumentTerms: Sendable {
    /// Every distinct folded word.
    var vocabulary: [String] = []
    /// Per document row: (word number, count) pairs.
    var counts: [[(term: Int32, count: Int32)]] = []
    /// The stem of each word, once asked for.
    var stems: [String]?
}

/// The snapshot's `DocumentTerms`, made on first use.
final class DocumentTermsCache: Sendable {
    private let terms = Mutex<DocumentTerms?>(nil)

    /// The terms, counting them from `db` first if no call has yet; with `stemmed`, the stems too.
    func terms(_ snapshot: CorpusSnapshot, _ db: Database, stemmed: Bool, limits: RunLimits) throws -> DocumentTerms {
        var current = try terms.withLock { $0 } ?? Self.count(snapshot, db, limits: limits)
        if stemmed && current.stems == nil {
            current.stems = try current.vocabulary.map { word in
                try TextIndex.tokens(db, of: word, as: .stemmed).first?.term ?? word
            }
        }
        let result = current
        terms.withLock { $0 = result }
        return result
    }

    private static func count(_ snapshot: CorpusSnapshot, _ db: Database, limits: RunLimits) throws -> DocumentTerms {
        var result = DocumentTerms()
        result.counts = Array(repeating: [], count: snapshot.documentCount)
        var ids: [String: Int32] = [:]
        let cursor = try Row.fetchCursor(db, sql: "SELECT id, text FROM documents ORDER BY rowid")
        while let row = try cursor.next() {
            try limits.checkStop()
            guard let document = snapshot.columns.documentIDs.code(of: row[0]) else { continue }
            var perDocument: [Int32: Int32] = [:]
            for token in try TextIndex.tokens(db, of: row[1] ?? "", as: .plain) {
                let id: Int32
                if let known = ids[token.term] {
                    id = known
                } else {
                    id = Int32(result.vocabulary.count)
                    ids[token.term] = id
                    result.vocabulary.append(token.term)
                }
                perDocument[id, default: 0] += 1
            }
            result.counts[Int(document)] = perDocument.map { ($0.key, $0.value) }.sorted { $0.term < $1.term }
        }
        return result
    }
}
