@testable import CorpusQuery
import Foundation
import Synchronization
import Testing

/// Long native computations stop when their limits say so, and refuse results too large for
/// the memory left, before building them.
@Suite("Query limits", .timeLimit(.minutes(3)))
struct QueryLimitsTests {
    let snapshot: CorpusSnapshot

    init() throws {
        snapshot = try QueryFixture.snapshot()
    }

    /// Limits that ask for a stop from the first check on.
    static let stopping = RunLimits(stopMessage: { "timeout after 1 s" })

    func expectStop(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: LimitReached.self, sourceLocation: sourceLocation) { try body() }
        #expect(error?.message == "timeout after 1 s", sourceLocation: sourceLocation)
    }

    @Test func quotesStop() {
        expectStop { _ = try snapshot.codings().limited(by: Self.stopping).quotes(context: 3) }
    }

    @Test func cooccurrenceStops() {
        expectStop { _ = try snapshot.codings().limited(by: Self.stopping).cooccurrence("code.id") }
        expectStop { _ = try snapshot.codings().limited(by: Self.stopping).cooccurrence("code.id", within: .document) }
    }

    @Test func agreementStops() throws {
        let codings = try SpanFixture.snapshot().codings().limited(by: Self.stopping)
        expectStop { _ = try codings.agreementData(unit: .segment) }
        expectStop { _ = try codings.agreementData(unit: .document) }
        expectStop { _ = try codings.codedDocuments() }
    }

    @Test func narrowedQueriesKeepTheirLimits() throws {
        let narrowed = try snapshot.codings().limited(by: Self.stopping).filter("coder", equals: "alice")
        expectStop { _ = try narrowed.quotes() }
    }

    @Test func withoutAStopTheyRunAsBefore() throws {
        let limits = RunLimits(stopMessage: { nil }, memoryRefusal: { _ in nil })
        let plain = try snapshot.codings().quotes(context: 3)
        #expect(try snapshot.codings().limited(by: limits).quotes(context: 3) == plain)
    }

    @Test func quotesTooLargeForTheMemoryLeftAreRefused() throws {
        let asked = Mutex<[Int]>([])
        let limits = RunLimits(memoryRefusal: { bytes in
            asked.withLock { $0.append(bytes) }
            return bytes > 1_000 ? "memory limit of 1 MB exceeded" : nil
        })
        let error = #expect(throws: LimitReached.self) {
            _ = try snapshot.codings().limited(by: limits).quotes(context: 1_000)
        }
        #expect(error?.message == "memory limit of 1 MB exceeded")
        #expect(asked.withLock { $0.last ?? 0 } > 1_000)
        // A result that fits is built as usual.
        let roomy = RunLimits(memoryRefusal: { _ in nil })
        #expect(try snapshot.codings().limited(by: roomy).quotes(context: 1_000).count == 5)
    }

    @Test func aHugeContextDoesNotOverflow() throws {
        let quotes = try snapshot.segments().filter("segment.id", equals: "4").quotes(context: Int.max)
        let bounded = try snapshot.segments().filter("segment.id", equals: "4").quotes(context: 1_000)
        #expect(quotes == bounded)
    }
}
