@testable import DataExchange
import Foundation
import StudyModel
import Testing
import ZIPFoundation

@Suite("Exchange limits")
struct ExchangeLimitTests {
    @Test("ZipBudget counts inflated bytes, not the sizes the headers declare")
    func budgetCountsInflatedBytes() throws {
        let folder = try ExchangeFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("liar.zip")
        try HostileFiles.zip(archive, [("big.txt", Data(repeating: 0x61, count: 3 << 20))])
        try HostileFiles.declareUncompressedSize(100, in: archive, entry: "big.txt")
        let zip = try Archive(url: archive, accessMode: .read)
        let entry = try #require(zip["big.txt"])
        #expect(entry.uncompressedSize == 100)
        var budget = ZipBudget(limit: 1 << 20)
        #expect(throws: ZipBudget.Exceeded(entry: "big.txt", limit: 1 << 20)) {
            _ = try budget.contents(of: entry, in: zip)
        }
        var roomy = ZipBudget(limit: 4 << 20)
        #expect(try roomy.contents(of: entry, in: zip).count == 3 << 20)
        #expect(roomy.used == 3 << 20)
    }

    @Test("ZipBudget refuses an entry that declares more than is left before inflating it")
    func budgetRefusesDeclaredSize() throws {
        let folder = try ExchangeFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = folder.appendingPathComponent("two.zip")
        try HostileFiles.zip(archive, [("a.txt", Data(repeating: 0x61, count: 600)),
                                       ("b.txt", Data(repeating: 0x62, count: 600))])
        let zip = try Archive(url: archive, accessMode: .read)
        var budget = ZipBudget(limit: 1_000)
        #expect(try budget.contents(of: try #require(zip["a.txt"]), in: zip).count == 600)
        #expect(throws: ZipBudget.Exceeded(entry: "b.txt", limit: 1_000)) {
            _ = try budget.contents(of: try #require(zip["b.txt"]), in: zip)
        }
        #expect(ByteLimit.describe(ByteLimit.bytes(megabytes: 3)) == "3 MB")
        #expect(ByteLimit.bytes(megabytes: Int.max) == Int64.max)
    }

    @Test("MessageExcerpt leaves short values alone and cuts long ones by characters")
    func excerptRule() {
        #expect(MessageExcerpt.cut("short") == "short")
        let exact = String(repeating: "a", count: 200)
        #expect(MessageExcerpt.cut(exact) == exact)
        #expect(MessageExcerpt.cut(exact + "b") == exact + "… (201 bytes in all)")
        // 150 two-byte characters: over 200 bytes but within 200 characters, so kept whole.
        let accented = String(repeating: "é", count: 150)
        #expect(MessageExcerpt.cut(accented) == accented)
    }
}
