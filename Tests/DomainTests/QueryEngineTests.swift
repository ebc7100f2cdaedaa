@testable import Benchmarks
@testable import CorpusQuery
import Foundation
@testable import StudyModel
import Testing

/// Counts on the hand-built fixture (see `QueryFixture` for the corpus and its codings).
@Suite("Query engine counts")
struct QueryEngineTests {
    let snapshot: CorpusSnapshot

    init() throws {
        snapshot = try QueryFixture.snapshot()
    }

    @Test func countsEachEntity() throws {
        #expect(try snapshot.codings().count() == 8)
        #expect(try snapshot.segments().count() == 6)
        #expect(try snapshot.documents().count() == 3)
        #expect(try snapshot.participants().count() == 4)
    }

    @Test func codeMappedToTechniquesCountsForEach() throws {
        // Coding 5 applies a principle alone: it has no technique.
        let table = try snapshot.codings().countBy("bct.id")
        #expect(table.rowLabels == ["1.1", "3.1", "3.3", "17.1", Query.missingLabel])
        #expect(QueryFixture.cells(table) == [
            "1.1|codings": 2, "3.1|codings": 3, "3.3|codings": 2, "17.1|codings": 2, "(missing)|codings": 1])
    }

    /// Codes count at their category and theme, for study-style analyses one level up.
    @Test func codesCountAtTheirParentCategoryAndTheme() throws {
        // Codings 1 and 7 apply K1, coding 3 applies K2; both sit in C1 under T1.
        let byCategory = try snapshot.codings().countBy(["code.category"], missing: .drop)
        #expect(QueryFixture.cells(byCategory) == ["C1|codings": 3])
        #expect(QueryFixture.cells(try snapshot.codings().countBy(["code.theme"], missing: .drop)) == ["T1|codings": 3])
        #expect(QueryFixture.cells(try snapshot.codings().countBy(["code.parent"], missing: .drop)) == ["C1|codings": 3])
        #expect(try snapshot.codings().filter("code.category", equals: "C1").count() == 3)
        let crosstab = try snapshot.codings().crosstab("coder", "code.theme", missing: .drop)
        #expect(QueryFixture.cells(crosstab) == ["alice|T1": 2, "bob|T1": 1])
    }

    @Test func aCodingCountsOncePerGroupEvenWithTwoTechniquesInIt() throws {
        // Coding 1 (K1) has 3.1 and 3.3, both in group 3.
        let table = try snapshot.codings().countBy(["bct.group"], missing: .drop)
        #expect(QueryFixture.cells(table) == ["1|codings": 2, "3|codings": 3, "17|codings": 2])
    }

    @Test func techniqueFilterAlsoLimitsLaterGroupings() throws {
        let table = try snapshot.codings().filter("bct.group", equals: "17").countBy("bct.id")
        #expect(QueryFixture.cells(table) == ["17.1|codings": 2])
        let mixed = try snapshot.codings().filter("bct.id", equals: "3.3").countBy("bct.id")
        #expect(QueryFixture.cells(mixed) == ["3.3|codings": 2])
    }

    @Test func techniqueFilterKeepsCodingsWithAMatchingTechnique() throws {
        #expect(try snapshot.codings().filter("framework", equals: "bcttv1").count() == 5)
        #expect(try snapshot.codings().filter("framework", equals: "relational").count() == 2)
        // Filtered on techniques, grouped on something else: codings without a match are gone.
        let byCoder = try snapshot.codings().filter("framework", equals: "relational").countBy("coder")
        #expect(QueryFixture.cells(byCoder) == ["alice|codings": 2])
    }

    @Test func filtersOnOneFieldMatchAnyValueAndAcrossFieldsAll() throws {
        #expect(try snapshot.codings().filter("coder", in: ["alice", "bob"]).count() == 8)
        #expect(try snapshot.codings().filter("coder", in: []).count() == 0)
        let both = try snapshot.codings().filter(["coder": ["bob"], "case.sector": ["STA"]])
        #expect(try both.count() == 2)
    }

    @Test func twoTechniqueFiltersMustHoldForTheSameTechnique() throws {
        // Coding 1 has 3.3 (group 3) and coding 3 has 17.1 (relational); no one technique is both.
        let query = try snapshot.codings().filter("bct.group", equals: "3").filter("framework", equals: "relational")
        #expect(try query.count() == 0)
    }

    @Test func crosstabOfGroupByRole() throws {
        let table = try snapshot.codings().filter("framework", equals: "bcttv1")
            .crosstab("participant.role", "bct.group")
        #expect(table.rowLabels == ["PW"])
        #expect(table.columnLabels == ["1", "3"])
        #expect(QueryFixture.cells(table) == ["PW|1": 2, "PW|3": 3])
        let baseline = try CrosstabBaseline.bctGroupByRole(in: snapshot)
        #expect(table.rowKeys == baseline.rowKeys && table.columnLabels == baseline.columnLabels)
        #expect(table.cells == baseline.cells && table.countedTotals == baseline.countedTotals)
    }

    @Test func crosstabCountsDistinctUnits() throws {
        // Coding 5 (SU, a principle alone) has no technique.
        let codings = try snapshot.codings().crosstab("participant.role", "bct.group")
        #expect(QueryFixture.cells(codings) == ["PW|1": 2, "PW|3": 3, "PW|17": 1, "SU|17": 1, "SU|(missing)": 1])
        let segments = try snapshot.codings().crosstab("participant.role", "bct.group", counting: .segments)
        #expect(QueryFixture.cells(segments) == ["PW|1": 2, "PW|3": 3, "PW|17": 1, "SU|17": 1])
        let people = try snapshot.codings().crosstab("participant.role", "bct.group", counting: .participants)
        #expect(QueryFixture.cells(people) == ["PW|1": 2, "PW|3": 2, "PW|17": 1, "SU|17": 1])
        let documents = try snapshot.codings().crosstab("case.id", "bct.id", counting: .documents)
        #expect(QueryFixture.cells(documents) == [
            "STA1|1.1": 1, "STA1|3.1": 1, "STA1|3.3": 1, "STA1|17.1": 2,
            "VOL1|1.1": 1, "VOL1|3.1": 1, "VOL1|3.3": 1,
        ])
    }

    @Test func participantsIncludeThoseWithoutCodings() throws {
        let table = try snapshot.participants().countBy("participant.role")
        #expect(QueryFixture.cells(table) == ["PW|participants": 2, "SU|participants": 1, "ST|participants": 1])
        #expect(table.rowLabels == ["PW", "ST", "SU"])
    }

    @Test func entitiesFilteredOnCodingFieldsKeepRowsWithAMatchingCoding() throws {
        #expect(try snapshot.participants().filter("bct.id", equals: "3.1").count() == 2)
        #expect(try snapshot.segments().filter("coder", equals: "alice").count() == 5)
        #expect(try snapshot.documents().filter("principle.id", equals: "P1").count() == 1)
        // Coder and code must hold for the same coding: bob never applied K2.
        let same = try snapshot.segments().filter("coder", equals: "bob").filter("code.id", equals: "K2")
        #expect(try same.count() == 0)
    }

    @Test func segmentAndDocumentCountsUseTheirOwnRows() throws {
        let sectors = try snapshot.segments().countBy("case.sector")
        #expect(QueryFixture.cells(sectors) == ["STA|segments": 4, "VOL|segments": 2])
        let roles = try snapshot.documents().countBy("participant.role")
        #expect(QueryFixture.cells(roles) == ["PW|documents": 2, "SU|documents": 1])
    }

    @Test func entityCrosstabWithAFieldAboutCodings() throws {
        let table = try snapshot.documents().crosstab("participant.role", "coder")
        #expect(QueryFixture.cells(table) == ["PW|alice": 2, "PW|bob": 2, "SU|alice": 1, "SU|bob": 1])
    }

    @Test func countByTwoFieldsGivesOneRowPerPair() throws {
        let table = try snapshot.codings().countBy(["coder", "principle.id"], missing: .drop)
        #expect(table.keyNames == ["coder", "principle.id"])
        #expect(table.rowKeys == [["alice", "P2"], ["bob", "P1"]])
        #expect(table.cells == [.int(1), .int(1)])
    }

    @Test func countByTwoListFieldsPairsEveryValue() throws {
        // Only coding 3 has both a technique (17.1) and a principle (P2).
        let table = try snapshot.codings().countBy(["bct.id", "principle.id"], missing: .drop)
        #expect(table.rowKeys == [["17.1", "P2"]])
        let segments = try snapshot.segments().countBy(["bct.group", "coder"], missing: .drop)
        #expect(QueryFixture.cells(segments) == [
            "1 / alice|segments": 1, "1 / bob|segments": 1, "3 / alice|segments": 2, "3 / bob|segments": 1,
            "17 / alice|segments": 2,
        ])
    }

    @Test func bareAttributeNamesWork() throws {
        let table = try snapshot.codings().countBy("region")
        #expect(QueryFixture.cells(table) == ["north|codings": 6, "south|codings": 2])
        let women = try snapshot.participants().filter("participant.gender", equals: "f")
        #expect(try women.count() == 1)
    }

    @Test func predicatesRunAfterValueFilters() throws {
        let bob = snapshot.codings().filter { row in try row.value("coder") == "bob" }
        #expect(try bob.count() == 3)
        let men = snapshot.participants().filter { row in try row.value("gender") == "m" }
        #expect(try men.count() == 2)
        let both = try snapshot.codings().filter("framework", equals: "bcttv1").filter { row in
            try row.values("bct.id").contains("1.1")
        }
        #expect(try both.countBy("coder") == snapshot.codings().filter("bct.id", equals: "1.1").countBy("coder"))
    }

    @Test func predicateErrorsReachTheCaller() throws {
        struct Refusal: Error {}
        let query = snapshot.codings().filter { _ in throw Refusal() }
        #expect(throws: Refusal.self) { try query.count() }
    }

    @Test func predicateOnEntitySeesItsCodingsFields() throws {
        let query = snapshot.segments().filter { row in try row.values("coder").count == 2 }
        // S1 (alice, bob) and S4 (bob, alice) and S5 (bob, alice) have two coders.
        #expect(try query.count() == 3)
    }

    @Test func rowsListValuesRestrictedByTechniqueFilters() throws {
        let rows = try snapshot.codings().filter("bct.id", equals: "3.3").rows()
        #expect(rows.map(\.id) == ["1", "7"])
        #expect(try rows.first?.values("bct.id") == ["3.3"])
        #expect(try rows.first?.value("participant.role") == "PW")
        #expect(throws: QueryError.multipleValues(field: "bct.id")) { try rows.first?.value("bct.id") }
    }

    @Test func entityRowsReadTheirCodingsFields() throws {
        let rows = try snapshot.segments().rows()
        #expect(rows.count == 6)
        #expect(try rows[0].values("bct.id") == ["3.1", "3.3", "1.1"])
        #expect(try rows[5].values("coder") == [])
        #expect(try snapshot.isMultiValued("coder", for: .segments))
        #expect(try !snapshot.isMultiValued("coder", for: .codings))
        let people = try snapshot.participants().filter("bct.id", equals: "17.1").rows()
        #expect(people.map(\.id) == ["STA1PW01", "STA1SU01"])
        #expect(try people[0].values("bct.id") == ["17.1"])
    }

    @Test func unknownFieldSuggestsTheClosestNames() throws {
        do {
            _ = try snapshot.codings().countBy("participant.rol")
            Issue.record("expected an error")
        } catch let error as QueryError {
            guard case let .unknownField(name, suggestions, available) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(name == "participant.rol")
            #expect(suggestions.first == "participant.role")
            #expect(available.contains("bct.group"))
            #expect(error.description.contains("did you mean 'participant.role'"))
        }
        #expect(throws: QueryError.self) { try snapshot.codings().filter("role", equals: "PW") }
        let hint = NameSuggestions.closest(to: "role", among: snapshot.fields.map(\.name))
        #expect(hint == ["participant.role"])
    }

    @Test func unknownTechniqueIsAnError() throws {
        #expect(throws: QueryError.unknownValue(field: "bct.id", value: "3.11", suggestions: ["3.1", "3.2", "3.3"])) {
            try snapshot.codings().filter("bct.id", equals: "3.11")
        }
    }

    /// Every field checks its values against the corpus, so a misspelling is no silent zero.
    @Test func unknownValuesOfAnyFieldAreErrorsWithSuggestions() throws {
        #expect(throws: QueryError.unknownValue(field: "participant.role", value: "pw", suggestions: ["PW"])) {
            try snapshot.codings().filter("participant.role", equals: "pw")
        }
        #expect(throws: QueryError.self) { try snapshot.codings().filter("case.sector", equals: "nowhere") }
        #expect(throws: QueryError.self) { try snapshot.codings().filter("coder", equals: "C1") }
        // Values the corpus has still match, alone or in a list.
        let role = try snapshot.codings().filter("participant.role", in: ["PW", "SU"]).count()
        #expect(role > 0)
    }

    @Test func attributeNameUsedByBothTablesIsAmbiguous() throws {
        let store = try QueryFixture.makeStore()
        try store.write { db in
            try db.execute(sql: "UPDATE cases SET attributes = '{\"region\":\"north\",\"gender\":\"mixed\"}' WHERE id = 'STA1'")
        }
        let snapshot = try CorpusSnapshot.load(from: store)
        #expect(throws: QueryError.ambiguousField("gender", candidates: ["participant.gender", "case.gender"])) {
            try snapshot.field(named: "gender")
        }
    }

    @Test func listsValuesOfAField() throws {
        #expect(try snapshot.values(of: "participant.role") == ["PW", "ST", "SU"])
        #expect(try snapshot.values(of: "bct.group").count == 17)
    }
}
