import Foundation
@testable import PeerScript
import Testing

@Suite("REPL value printing", .timeLimit(.minutes(3)))
struct ReplValueFormatterTests {
    @Test func tablesPrintSequenceFirstThenSortedKeys() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("{3, 1, zeta = true, alpha = 'a', [10] = 'ten', ['two words'] = 2}").output
            == #"{ 3, 1, [10] = "ten", alpha = "a", ["two words"] = 2, zeta = true }"#)
        #expect(engine.submit("{}").output == "{}")
        #expect(engine.submit("{ ['end'] = 1, [1.5] = 2 }").output == #"{ [1.5] = 2, ["end"] = 1 }"#)
    }

    @Test func nestedTablesStopAtTheDepthLimit() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("{ { { { { 1 } } } } }").output == "{ { { { {...} } } } }")
    }

    @Test func cyclesAreMarked() throws {
        let engine = try makeReplEngine()
        engine.submitAll("t = { name = 'loop' }", "t.self = t", "t.inner = { back = t }")
        #expect(engine.submit("t").output == #"<1> { inner = { back = <cycle 1> }, name = "loop", self = <cycle 1> }"#)
        // A table seen twice without containing itself prints twice.
        engine.submitAll("shared = { 1 }", "pair = { shared, shared }")
        #expect(engine.submit("pair").output == "{ { 1 }, { 1 } }")
    }

    @Test func longTablesBreakIntoIndentedLines() throws {
        let engine = try makeReplEngine()
        engine.formatter.width = 40
        let output = engine.submit("{ label = 'Social support (unspecified)', items = { 'a', 'b' }, n = 3 }").output
        #expect(output == """
            {
              items = { "a", "b" },
              label = "Social support (unspecified)",
              n = 3,
            }
            """)
    }

    @Test func bigTablesShowTheirFirstEntriesAndACount() throws {
        let engine = try makeReplEngine()
        let output = engine.submit("local t = {} for i = 1, 250 do t[i] = i end return t").output
        #expect(output.hasSuffix("99,\n  100,\n  ...(150 more),\n}"))
    }

    @Test func objectsAndFunctionsInsideTablesPrintThroughToString() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("{ taxonomy.get('3.2') }").output == "{ 3.2 Social support (practical) }")
        let described = engine.submit("{ f = print }").output
        #expect(described.hasPrefix("{ f = function: "))
    }

    @Test func readOnlyAPITablesShowWhatTheyHold() throws {
        let engine = try makeReplEngine()
        #expect(engine.submit("peerscript").output.contains("version = \""))
    }

    @Test func stringsAreQuotedSoTheyReadBack() {
        #expect(ReplValueFormatter.quoted("say \"hi\"\n\tback\\slash") == #""say \"hi\"\n\tback\\slash""#)
        #expect(ReplValueFormatter.quoted("\u{1}2\u{1}x") == #""\0012\1x""#)
        #expect(ReplValueFormatter.quoted("café") == "\"café\"")
    }

    @Test func keysThatAreNotNamesAreBracketed() {
        #expect(ReplValueFormatter.isIdentifier("snake_case1"))
        #expect(!ReplValueFormatter.isIdentifier("1st"))
        #expect(!ReplValueFormatter.isIdentifier("while"))
        #expect(!ReplValueFormatter.isIdentifier("participant.role"))
        #expect(!ReplValueFormatter.isIdentifier(""))
    }

    @Test func multipleResultsAreSeparatedByTabsAndTopLevelStringsAreRaw() {
        let formatter = ReplValueFormatter()
        #expect(formatter.format([.string("a b"), .scalar("1"), .table(id: 1, entries: [], omitted: 0)]) == "a b\t1\t{}")
    }
}
