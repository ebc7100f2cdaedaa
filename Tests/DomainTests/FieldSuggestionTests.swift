@testable import CorpusGenerator
@testable import CorpusQuery
import Testing

/// "Did you mean" for a misspelt field names only fields the same call would then accept.
@Suite("Field suggestions")
struct FieldSuggestionTests {
    let snapshot: CorpusSnapshot

    init() throws {
        snapshot = try CorpusSnapshot.load(from: DemoCorpus.makeStore())
    }

    /// The suggestions and field list of the unknown-field error `body` throws.
    private func suggestions(_ body: () throws -> Void) -> (suggested: [String], listed: [String])? {
        do {
            try body()
        } catch let QueryError.unknownField(_, suggestions, available) {
            return (suggestions, available)
        } catch {
            Issue.record("expected an unknown field, got \(error)")
        }
        return nil
    }

    @Test func aFilterSuggestsOnlyFieldsThatTakeItsValues() throws {
        let participants = snapshot.participants()
        // `years_in_role` also contains "role", but has no value "PW".
        let hint = suggestions { _ = try participants.filter("role", equals: "PW") }
        #expect(hint?.suggested == ["participant.role"])
        // Every field can be filtered on, so the list still names them all.
        #expect(hint?.listed == snapshot.fields.map(\.name))
        #expect(throws: QueryError.self) { try participants.filter("years_in_role", equals: "PW") }
        // Whatever is suggested is then accepted.
        for entity in CorpusEntity.allCases {
            let query = snapshot.query(entity)
            for (name, value) in [("role", "PW"), ("sector", "PAR"), ("bct.idd", "3.1"), ("years", "4")] {
                for field in suggestions({ _ = try query.filter(name, equals: value) })?.suggested ?? [] {
                    #expect(throws: Never.self, "\(entity) \(field) = \(value)") { try query.filter(field, equals: value) }
                }
            }
        }
    }

    @Test func aRowReadSuggestsOnlyFieldsWithOneValueForTheRow() throws {
        let segment = try #require(try snapshot.segments().rows().first)
        let segmentHint = suggestions { _ = try segment.value("code.idd") }
        // A segment can carry several codes, so code.id would be refused in turn.
        #expect(segmentHint?.suggested.contains("code.id") == false)
        #expect(segmentHint?.listed.contains("code.id") == false && segmentHint?.listed.contains("document.id") == true)
        #expect(throws: QueryError.multipleValues(field: "code.id")) { try segment.value("code.id") }
        let coding = try #require(try snapshot.codings().rows().first)
        #expect(suggestions { _ = try coding.value("code.idd") }?.suggested == ["code.id"])
        // Reading every value takes any field, so it suggests any.
        #expect(suggestions { _ = try segment.values("code.idd") }?.suggested == ["code.id"])
    }
}
