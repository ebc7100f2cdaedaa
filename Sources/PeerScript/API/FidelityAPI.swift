import LuaBridge
import ResultTables
import StudyModel

/// `principles.fidelity`: fidelity index scores from the project's ratings.
enum FidelityAPI {
    static func add(to module: APIModule, _ context: APIContext) {
        module.function(APIDoc("fidelity", """
            Scores the project's fidelity ratings against the principles. Each rating is put on \
            a 0–1 scale by its item's range, averaged per item (over raters), per principle (over \
            items) and overall (over the five core principles; diversity of lived experience, \
            which runs across them, is shown beside Overall but not averaged into it). Items and \
            ratings come from `peerscript import --fidelity-items` and `--fidelity-ratings`.
            """,
                               parameters: [.init(options: fidelityOptions)],
                               returns: [.init("Table", "one row per case or participant; one column per principle rated, then Overall")],
                               example: #"print(principles.fidelity{ by = "case" })"#)) { call in
            let by = try fidelityOptions.read(call, 1).string("by") ?? "case"
            let store = try context.projectStore()
            let (items, ratings) = try store.fidelity()
            guard !items.isEmpty else {
                throw LuaScriptError("the project has no fidelity items: import them with `peerscript import --fidelity-items FILE.csv` (see docs/exchange.md)")
            }
            let model = try FidelityModel(items: items, principles: context.principles)
            let scores = by == "case"
                ? try model.caseScores(ratings, caseOf: try store.participantCases())
                : try model.scores(ratings)
            call.stack.push(object: TableObject(try table(scores, principles: context.principles, by: by)))
            return 1
        }
    }

    /// The options of `principles.fidelity`.
    static let fidelityOptions = OptionSchema([
        .init("by", .choice(["case", "participant"]),
              "score per case (participant ratings count towards their case) or per rated participant", default: "case"),
    ])

    private static func table(_ scores: [FidelityScore], principles: PrinciplesFramework, by: String) throws -> ResultTable {
        let rated = Set(scores.flatMap(\.principles.keys))
        let columns = principles.principles.map(\.id).filter(rated.contains)
        var cells: [ResultTable.Number] = []
        for score in scores {
            for column in columns { cells.append(.double(score.principles[column] ?? .nan)) }
            cells.append(.double(score.overall))
        }
        return try ResultTable(keyNames: [by == "case" ? "case.id" : "target"], rowKeys: scores.map { [$0.target.id] },
                               columnLabels: columns + ["Overall"], cells: cells, showsTotals: false,
                               title: "Fidelity scores (0–1)", decimals: 2)
    }
}
