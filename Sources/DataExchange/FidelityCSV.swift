import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// Import of fidelity items and of fidelity ratings from CSV, into `fidelity_items` and
/// `fidelity_ratings`, with the checks `principles.fidelity` relies on.
///
/// Items: columns `item` (or `id`), `principle`, `text`, `scale_min`, `scale_max`. An item
/// the project has is updated, provided its ratings still lie on the new scale.
///
/// Ratings: columns `item`, `case` and/or `participant` (each row fills exactly one), `value`,
/// and optionally `rater`. A rating is identified by item, case or participant, and rater; one
/// the project has gets the new value.
public enum FidelityCSV {
    /// Reads fidelity items from the file at `url` into `store`, all rows or none.
    public static func importItems(at url: URL, into store: ProjectStore,
                                   principles: PrinciplesFramework = .standard) throws -> ImportReport {
        let table = try CSVTable(url: url)
        let id = table.column("item", "id"), principle = table.column("principle"), text = table.column("text")
        let low = table.column("scale_min"), high = table.column("scale_max")
        try table.require([("item", id), ("principle", principle), ("text", text), ("scale_min", low), ("scale_max", high)])
        return try store.write { db in
            let existing = Dictionary(uniqueKeysWithValues: try FidelityItem.fetchAll(db).map { ($0.id, $0) })
            var problems: [String] = []
            var items: [FidelityItem] = []
            var lineOf: [String: Int] = [:]
            for row in table.rows {
                let place = "line \(row.line)"
                let itemID = table.value(row, id)
                guard !itemID.isEmpty else { problems.append("\(place): the item id is empty"); continue }
                if let earlier = lineOf.updateValue(row.line, forKey: itemID) {
                    problems.append("\(place): item \"\(itemID.excerpt)\" is already given on line \(earlier)")
                    continue
                }
                let principleID = table.value(row, principle)
                guard let known = principles.principle(principleID) else {
                    let ids = principles.principles.map(\.id).joined(separator: ", ")
                    problems.append("\(place): principle \"\(principleID.excerpt)\" does not exist; use one of \(ids)")
                    continue
                }
                let statement = table.value(row, text)
                guard !statement.isEmpty else { problems.append("\(place): the item text is empty"); continue }
                guard let min = number(table.value(row, low)), let max = number(table.value(row, high)) else {
                    problems.append("\(place): scale_min and scale_max must be numbers (got \"\(table.value(row, low).excerpt)\", "
                                    + "\"\(table.value(row, high).excerpt)\")")
                    continue
                }
                guard max > min else {
                    problems.append("\(place): the scale \(format(min))–\(format(max)) is empty; scale_max must be above scale_min")
                    continue
                }
                items.append(FidelityItem(id: itemID, principleID: known.id, text: statement, scaleMin: min, scaleMax: max))
            }
            problems += try ratingsOffScale(db, items: items, lineOf: lineOf)
            guard problems.isEmpty else { throw ExchangeError.csvRows(file: table.file, problems: problems) }
            var report = ImportReport(file: table.file)
            for item in items {
                if let old = existing[item.id] {
                    if old == item { report.present("fidelity items"); continue }
                    try item.update(db)
                    report.update("fidelity items")
                } else {
                    try item.insert(db)
                    report.add("fidelity items")
                }
            }
            return report
        }
    }

    /// Problems for items whose new scale leaves out ratings the project has of them.
    private static func ratingsOffScale(_ db: Database, items: [FidelityItem], lineOf: [String: Int]) throws -> [String] {
        var problems: [String] = []
        for item in items {
            let outside = try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM fidelity_ratings WHERE item_id = ? AND (value < ? OR value > ?)
                """, arguments: [item.id, item.scaleMin, item.scaleMax]) ?? 0
            if outside > 0 {
                problems.append("line \(lineOf[item.id] ?? 0): the scale \(format(item.scaleMin))–\(format(item.scaleMax)) of item "
                                + "\"\(item.id.excerpt)\" leaves out \(outside) rating(s) the project has; keep a scale they fit")
            }
        }
        return problems
    }

    /// Reads fidelity ratings from the file at `url` into `store`, all rows or none.
    public static func importRatings(at url: URL, into store: ProjectStore) throws -> ImportReport {
        let table = try CSVTable(url: url)
        let layout = RatingLayout(item: table.column("item"), studyCase: table.column("case"),
                                  participant: table.column("participant"), rater: table.column("rater"),
                                  value: table.column("value"))
        try table.require([("item", layout.item), ("value", layout.value)])
        guard layout.studyCase != nil || layout.participant != nil else {
            throw ExchangeError.csvMissingColumns(file: table.file, missing: ["case or participant"])
        }
        return try store.write { db in
            let model = try FidelityModel(items: try FidelityItem.fetchAll(db), principles: .standard)
            let cases = Set(try String.fetchAll(db, sql: "SELECT id FROM cases"))
            let participants = Set(try String.fetchAll(db, sql: "SELECT id FROM participants"))
            var stored: [RatingKey: (rowID: Int64, value: Double)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT rowid, * FROM fidelity_ratings") {
                let rating = FidelityRating(row: row)
                stored[RatingKey(rating)] = (row["rowid"], rating.value)
            }
            var problems: [String] = []
            var ratings: [FidelityRating] = []
            var lineOf: [RatingKey: Int] = [:]
            for row in table.rows {
                switch layout.rating(row, table: table, model: model, cases: cases, participants: participants) {
                case let .failure(problem): problems.append(problem.text)
                case let .success(rating):
                    if let earlier = lineOf.updateValue(row.line, forKey: RatingKey(rating)) {
                        problems.append("line \(row.line): the same item, target and rater are already rated on line \(earlier)")
                    } else {
                        ratings.append(rating)
                    }
                }
            }
            guard problems.isEmpty else { throw ExchangeError.csvRows(file: table.file, problems: problems) }
            var report = ImportReport(file: table.file)
            for rating in ratings {
                if let old = stored[RatingKey(rating)] {
                    guard old.value != rating.value else { report.present("fidelity ratings"); continue }
                    try db.execute(sql: "UPDATE fidelity_ratings SET value = ? WHERE rowid = ?", arguments: [rating.value, old.rowID])
                    report.update("fidelity ratings")
                } else {
                    try rating.insert(db)
                    report.add("fidelity ratings")
                }
            }
            return report
        }
    }

    /// What identifies a rating: a second rating with the same key replaces the first.
    private struct RatingKey: Hashable {
        let item: String
        let target: FidelityTarget
        let rater: String?

        init(_ rating: FidelityRating) {
            item = rating.itemID
            target = rating.target
            rater = rating.rater
        }
    }

    /// The columns of a ratings file.
    private struct RatingLayout {
        let item: Int?, studyCase: Int?, participant: Int?, rater: Int?, value: Int?

        func rating(_ row: CSVFormat.Record, table: CSVTable, model: FidelityModel, cases: Set<String>,
                    participants: Set<String>) -> Result<FidelityRating, CSVRowProblem> {
            let place = "line \(row.line)"
            func fail(_ text: String) -> Result<FidelityRating, CSVRowProblem> {
                .failure(CSVRowProblem(text: "\(place): \(text)"))
            }
            let itemID = table.value(row, item)
            guard model.item(itemID) != nil else {
                return fail("item \"\(itemID.excerpt)\" is not in the project; import the fidelity items first")
            }
            let caseID = table.value(row, studyCase), participantID = table.value(row, participant)
            let target: FidelityTarget
            switch (caseID.isEmpty, participantID.isEmpty) {
            case (false, true):
                guard cases.contains(caseID) else { return fail("case \"\(caseID.excerpt)\" is not in the project") }
                target = .studyCase(caseID)
            case (true, false):
                guard participants.contains(participantID) else {
                    return fail("participant \"\(participantID.excerpt)\" is not in the project")
                }
                target = .participant(participantID)
            default:
                return fail("give either a case or a participant, not both or neither")
            }
            let text = table.value(row, value)
            guard let number = FidelityCSV.number(text) else { return fail("the value \"\(text.excerpt)\" is not a number") }
            let rater = table.value(row, self.rater)
            let rating = FidelityRating(itemID: itemID, target: target, rater: rater.isEmpty ? nil : rater, value: number)
            do {
                try model.validate(rating)
            } catch {
                return fail("\(error)")
            }
            return .success(rating)
        }
    }

    /// A finite number written as text, or nil.
    static func number(_ text: String) -> Double? {
        guard let value = Double(text), value.isFinite else { return nil }
        return value
    }

    /// A scale bound as people write it: `5`, not `5.0`.
    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
