@testable import Charts
@testable import CorpusGenerator
@testable import CorpusQuery
import Foundation
@testable import ProjectStorage
@testable import ResultTables
import Testing

/// Totals of distinct units, shares of a group, every level of a field, and missing values
/// as a group, on the hand-built fixture (see `QueryFixture`).
@Suite("Counting tables: distinct totals, levels, missing values")
struct QueryCountingTests {
    let snapshot: CorpusSnapshot

    init() throws {
        snapshot = try QueryFixture.snapshot()
    }

    /// Participants by role and technique group: STA1PW01 is in groups 1, 3 and 17, VOL1PW01
    /// in 1 and 3, STA1SU01 in 17 (its other coding, P1, has no technique).
    private func participantsByGroup() throws -> ResultTable {
        try snapshot.codings().crosstab("participant.role", "bct.group", counting: .participants)
    }

    // MARK: Distinct totals

    @Test func totalsOfDistinctCountsCountEachUnitOnce() throws {
        let table = try participantsByGroup()
        #expect(QueryFixture.cells(table) == ["PW|1": 2, "PW|3": 2, "PW|17": 1, "SU|17": 1])
        // The two peer workers, not the 5 their cells add up to.
        #expect(try table.cell("PW", "Total") == .int(2))
        #expect(try table.cell("Total", "17") == .int(2))
        #expect(try table.cell("Total", "Total") == .int(3))
        #expect(table.description.contains("Cells and totals count distinct participants"))
    }

    @Test func countByTotalCountsDistinctCodingsOfAMultiValuedField() throws {
        // Codings 1 and 7 each count under 3.1 and 3.3; the Total counts them once.
        let table = try snapshot.codings().countBy("bct.id")
        #expect(try table.cell("Total", "codings") == .int(try snapshot.codings().count()))
        #expect(try table.cell("Total", "codings") == .int(8))
    }

    @Test func percentByRowDividesByTheDistinctRowTotal() throws {
        let shares = try participantsByGroup().percent(by: .row)
        // Both peer workers are in group 3: 100 %, not 2 of 5 cell entries.
        #expect(try shares.cell("PW", "3") == .double(100))
        #expect(shares.notes.last == "Percent of each row's Total (distinct participants in the row).")
        #expect(shares.description.contains("Percent of each row's Total"))
    }

    @Test func percentOfTheGroupDividesByTheGroupsOwnUnits() throws {
        let relational = try snapshot.codings().filter("bct.group", equals: "17")
            .crosstab("participant.role", "bct.id", counting: .participants)
        // One of the two peer workers of the project mentions 17.1; the only service user does.
        #expect(relational.rowGroupSizes == [.int(2), .int(1)])
        let shares = try relational.percent(by: .row, of: .group)
        #expect(try shares.cell("PW", "17.1") == .double(50))
        #expect(try shares.cell("SU", "17.1") == .double(100))
        #expect(try relational.percent(by: .row).cell("PW", "17.1") == .double(100))
        #expect(shares.description.contains("own group: all participants with its participant.role"))
    }

    @Test func percentOfTheGroupIsRefusedWhereUnitsHaveSeveralValues() throws {
        // A participant has many techniques, so a technique is no group of participants.
        let table = try snapshot.codings().crosstab("bct.id", "participant.role", counting: .participants)
        #expect(table.rowGroupSizes == nil)
        #expect(throws: ResultTableError.self) { try table.percent(by: .row, of: .group) }
        #expect(throws: ResultTableError.self) { try table.percent(by: .all, of: .group) }
        #expect(try table.percent(by: .column, of: .group).columnCount == table.columnCount)
    }

    @Test func everyFormatCarriesTheNotesAndTheCountedTotals() throws {
        let shares = try participantsByGroup().percent(by: .row)
        let csv = shares.rendered(as: .csv)
        #expect(csv.contains("\r\n# Cells and totals count distinct participants"))
        #expect(csv.hasSuffix("# Percent of each row's Total (distinct participants in the row).\r\n"))
        let json = try JSONSerialization.jsonObject(with: Data(shares.rendered(as: .json).utf8)) as? [String: Any]
        #expect((json?["notes"] as? [String])?.count == 2)
        #expect((json?["rows"] as? [[String: Any]])?.count == 2)
        let counts = try JSONSerialization.jsonObject(with: Data(try participantsByGroup().rendered(as: .json).utf8)) as? [String: Any]
        let totals = counts?["totals"] as? [String: Any]
        #expect(totals?["all"] as? Int == 3)
        #expect(totals?["rows"] as? [Int] == [2, 1])
        #expect(shares.rendered(as: .markdown).contains("\n\nPercent of each row's Total"))
        var report = Report(title: "Shares")
        report.addTable(try participantsByGroup())
        #expect(report.html.contains("<p class=\"note\">Cells and totals count distinct participants"))
        #expect(report.html.contains("<td class=\"n\">3</td></tr></tfoot>"))
    }

    @Test func tablesWithoutNotesKeepTheirPlainFormats() throws {
        // One value per coding: the totals are plain sums and nothing needs saying.
        let table = try snapshot.codings().countBy("coder")
        #expect(table.notes.isEmpty)
        #expect(table.rendered(as: .json).hasPrefix("[\n"))
        #expect(!table.rendered(as: .csv).contains("#"))
    }

    @Test func topKeepsCountedTotalsAndSaysRowsAreHidden() throws {
        let top = try participantsByGroup().sorted(by: "Total", descending: true).top(1)
        #expect(top.rowLabels == ["PW"])
        #expect(try top.cell("PW", "Total") == .int(2))
        #expect(try top.cell("Total", "Total") == .int(3))
        #expect(top.notes.last == "The Total row counts all rows, including 1 not shown.")
    }

    // MARK: Levels

    @Test func allLevelsShowEveryGroupOfTheFilteredFrameworkWithZeros() throws {
        let table = try snapshot.codings().filter("framework", equals: "bcttv1")
            .crosstab("participant.role", "bct.group", columnLevels: .all)
        #expect(table.columnLabels == (1...16).map(String.init))
        #expect(try table.cell("PW", "5") == .int(0))
        // Codings 1 and 4 of STA1PW01 and 7 of VOL1PW01.
        #expect(try table.cell("PW", "3") == .int(3))
        #expect(table.rowLabels == ["PW"])
    }

    @Test func allLevelsOfTechniquesAndPrinciplesAreTheFrameworks() throws {
        let techniques = try snapshot.codings().countBy(["bct.id"], levels: ["bct.id": .all], missing: .drop)
        #expect(techniques.rowLabels == (try snapshot.values(of: "bct.id")))
        #expect(techniques.rowCount >= 93 + 5)
        let principles = try snapshot.codings().countBy(["principle.id"], levels: ["principle.id": .all], missing: .drop)
        #expect(principles.rowLabels == ["DIV", "P1", "P2", "P3", "P4", "P5"])
        #expect(try principles.cell("P1", "codings") == .int(1))
    }

    @Test func allRolesIncludeKnownRolesNobodyHas() throws {
        let table = try snapshot.participants().countBy(["participant.role"], levels: ["participant.role": .all])
        #expect(table.rowLabels == ["MA", "PW", "ST", "SU"])
        #expect(try table.cell("MA", "participants") == .int(0))
    }

    @Test func explicitLevelsAreCheckedWithASuggestion() throws {
        let table = try snapshot.codings().crosstab(
            "participant.role", "bct.group", counting: .participants, columnLevels: .only(["17", "3", "5"]))
        #expect(table.columnLabels == ["17", "3", "5"])
        #expect(try table.cell("PW", "5") == .int(0))
        #expect(try table.cell("PW", "Total") == .int(2))
        #expect(throws: QueryError.unknownValue(field: "participant.role", value: "pw", suggestions: ["PW"])) {
            try snapshot.participants().countBy(["participant.role"], levels: ["participant.role": .only(["pw"])])
        }
        #expect(throws: QueryError.self) {
            try snapshot.participants().countBy(["participant.role"], levels: ["coder": .all])
        }
    }

    @Test func explicitLevelsSayHowManyUnitsTheyLeaveOut() throws {
        let table = try snapshot.participants().countBy(["participant.role"], levels: ["participant.role": .only(["PW"])])
        #expect(QueryFixture.cells(table) == ["PW|participants": 2])
        #expect(table.notes == ["2 of 4 participants are not counted: only values not shown."])
    }

    // MARK: Missing values

    @Test func missingValuesFormAGroupSoTheTotalEqualsCount() throws {
        // VOL1ST01 has no gender.
        let table = try snapshot.participants().countBy("gender")
        #expect(table.rowLabels == ["f", "m", Query.missingLabel])
        #expect(try table.cell(Query.missingLabel, "participants") == .int(1))
        #expect(try table.cell("Total", "participants") == .int(try snapshot.participants().count()))
    }

    @Test func droppedMissingValuesAreCountedInANote() throws {
        let table = try snapshot.participants().countBy(["gender"], missing: .drop)
        #expect(table.rowLabels == ["f", "m"])
        #expect(table.notes == ["1 of 4 participants are not counted: no value for participant.gender."])
        #expect(table.description.hasSuffix("1 of 4 participants are not counted: no value for participant.gender.\n"))
    }

    @Test func participantsWithoutCodingsAreMissingForCodingFields() throws {
        // VOL1ST01 has no documents, so no technique: (ST, missing).
        let table = try snapshot.participants().crosstab("participant.role", "bct.group")
        #expect(try table.cell("ST", Query.missingLabel) == .int(1))
        #expect(try table.cell("Total", "Total") == .int(4))
        // STA1SU01 has a coding without a technique but also one with: it counts under 17 only.
        #expect(try table.cell("SU", "Total") == .int(1))
        #expect(try table.cell("SU", Query.missingLabel) == .int(0))
    }

    @Test func codingsWithoutTechniqueAreTheMissingGroupOfATechniqueField() throws {
        let table = try snapshot.codings().crosstab("coder", "bct.group")
        // Coding 5 (bob, P1) has no technique.
        #expect(try table.cell("bob", Query.missingLabel) == .int(1))
        #expect(table.columnLabels.last == Query.missingLabel)
        let dropped = try snapshot.codings().crosstab("coder", "bct.group", missing: .drop)
        #expect(!dropped.columnLabels.contains(Query.missingLabel))
        #expect(dropped.notes.last == "1 of 8 codings are not counted: no value for bct.group.")
    }
}

/// Properties of counting tables over generated projects of several seeds.
@Suite("Counting tables over generated projects", .timeLimit(.minutes(2)))
struct QueryCountingPropertyTests {
    static let seeds: [UInt64] = [3, 11, 29]
    static let fields = ["participant.role", "case.sector", "years_in_role", "coder", "code.category", "bct.group", "principle.id"]

    static func snapshot(seed: UInt64) throws -> CorpusSnapshot {
        let store = try ProjectStore.inMemory()
        _ = try ProjectGenerator.populate(store, with: GeneratorOptions(participants: 14, codings: 500, coders: 2, seed: seed))
        return try CorpusSnapshot.load(from: store)
    }

    @Test(arguments: seeds)
    func totalsEqualCountForEveryEntityAndField(_ seed: UInt64) throws {
        let snapshot = try Self.snapshot(seed: seed)
        for entity in CorpusEntity.allCases {
            let query = snapshot.query(entity)
            let count = try query.count()
            for field in Self.fields {
                let table = try query.countBy(field)
                #expect(table.grandTotal == .int(count), "\(entity) by \(field)")
                #expect(table.rowTotals.allSatisfy { $0.doubleValue <= Double(count) })
            }
            for (row, column) in zip(Self.fields, Self.fields.reversed()) where row != column {
                let table = try query.crosstab(row, column)
                #expect(table.grandTotal == .int(count), "\(entity): \(row) × \(column)")
                try Self.checkDistinctTotals(table, units: count)
            }
        }
    }

    @Test(arguments: seeds)
    func distinctTotalsNeverExceedTheUnits(_ seed: UInt64) throws {
        let snapshot = try Self.snapshot(seed: seed)
        let query = try snapshot.codings().filter("framework", equals: "bcttv1")
        for unit in CorpusEntity.allCases {
            let table = try query.crosstab("participant.role", "bct.group", counting: unit)
            try Self.checkDistinctTotals(table, units: snapshot.count(of: unit))
        }
    }

    @Test(arguments: seeds)
    func sharesOfTheGroupNeverExceedAHundred(_ seed: UInt64) throws {
        let snapshot = try Self.snapshot(seed: seed)
        let query = try snapshot.codings().filter("framework", equals: "bcttv1")
        for rowField in ["participant.role", "case.sector", "years_in_role"] {
            let table = try query.crosstab(rowField, "bct.group", counting: .participants, columnLevels: .all)
            let shares = try table.percent(by: .row, of: .group)
            for value in shares.cells + shares.rowTotals where !value.doubleValue.isNaN {
                #expect(value.doubleValue >= 0 && value.doubleValue <= 100, "\(rowField)")
            }
        }
    }

    /// Each Total lies between the largest cell and the sum of its cells, and below the units.
    static func checkDistinctTotals(_ table: ResultTable, units: Int) throws {
        #expect(table.grandTotal.doubleValue <= Double(units))
        for row in 0..<table.rowCount {
            let values = table.values(row: row).map(\.doubleValue)
            let total = table.rowTotals[row].doubleValue
            #expect(total >= (values.max() ?? 0) && total <= values.reduce(0, +))
            #expect(total <= table.grandTotal.doubleValue)
        }
        for column in 0..<table.columnCount {
            let values = (0..<table.rowCount).map { table.value(row: $0, column: column).doubleValue }
            let total = table.columnTotals[column].doubleValue
            #expect(total >= (values.max() ?? 0) && total <= values.reduce(0, +))
        }
    }
}

/// The counter's flat-array path (each row its own unit) against its general path, on random
/// rows with missing values, filtered list entries and restricted codes.
@Suite("Group counter paths agree")
struct GroupCounterPathTests {
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func flatPathMatchesTheGeneralOne(_ seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let rowCount = 300, listRows = 40
        // Field 0: a single value per row (-1: none); field 1: a list of entries per row.
        let singles = (0..<rowCount).map { _ in Int32(random.below(5)) - 1 }
        var pairs: [(row: Int32, value: Int32)] = []
        for row in 0..<rowCount {
            for _ in 0..<random.below(4) { pairs.append((Int32(row), Int32(random.below(listRows)))) }
        }
        let lists = RowLists(rowCount: rowCount, pairs: pairs)
        // Entry codes: some filtered out (-1), some without a value (the missing code 6).
        let listCodes = (0..<listRows).map { _ -> Int32 in
            let draw = random.below(8)
            return draw == 0 ? -1 : draw == 1 ? 6 : Int32(random.below(6))
        }
        let singleAllowed = (0..<5).map { _ in random.below(4) != 0 }
        let listAllowed = (0..<7).map { _ in random.below(3) != 0 }
        for masked in [false, true] {
            let counter = GroupCounter(
                fields: [.single(join: nil, codes: singles), .list(lists: lists, codes: listCodes, masked: masked)],
                sizes: [5, 7],
                allowed: [seed.isMultiple(of: 2) ? singleAllowed : nil, seed.isMultiple(of: 3) ? nil : listAllowed])
            let flat = counter.count(Visit(rows: nil, count: rowCount, units: nil))
            let general = counter.count(Visit(rows: nil, count: rowCount, units: (0..<Int32(rowCount)).map { $0 }))
            func sorted(_ counts: GroupCounts) -> [[Int32]] {
                counts.cells.map { $0.codes + [Int32($0.count)] }.sorted { $0.lexicographicallyPrecedes($1) }
            }
            #expect(sorted(flat) == sorted(general))
            #expect(flat.margins == general.margins)
            #expect(flat.counted == general.counted && flat.seen == general.seen)
            #expect(flat.droppedMissing == general.droppedMissing)
        }
    }
}
