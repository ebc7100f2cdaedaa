import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// Import of a taxonomy extension into a project (`taxonomy_extensions`), so that codings,
/// queries and exports know its techniques without a script calling `taxonomy.extend`.
///
/// A `.json` file has the shape `taxonomy.extend` reads (see `TaxonomyExtension`). A `.csv`
/// file has one row per technique: `framework`, `group`, `group_label`, `technique` (or `id`),
/// `label` and, optionally, `definition`; every row names the same framework. Techniques the
/// project has already, identically, are skipped; an id it uses for something else is refused.
public enum TaxonomyExtensionFile {
    /// Reads the extension in the file at `url` and stores it in `store`.
    public static func importExtension(at url: URL, into store: ProjectStore) throws -> ImportReport {
        let file = url.lastPathComponent
        let addition = url.pathExtension.lowercased() == "csv"
            ? try fromCSV(CSVTable(url: url))
            : try TaxonomyExtension(json: ImportFile.read(url, maxBytes: CSVTable.maxBytes), source: file)
        return try store.write { db in
            let added: [BCTGroup]
            do {
                added = try addition.merge(into: db)
            } catch let error as FrameworkError {
                throw ExchangeError.extensionConflict(file: file, detail: "\(error)")
            }
            var report = ImportReport(file: file)
            let total = addition.groups.reduce(0) { $0 + $1.techniques.count }
            let new = added.reduce(0) { $0 + $1.techniques.count }
            if new > 0 { report.add("techniques", new) }
            if total > new { report.present("techniques", total - new) }
            return report
        }
    }

    /// The extension a CSV table describes.
    static func fromCSV(_ table: CSVTable) throws -> TaxonomyExtension {
        let framework = table.column("framework"), group = table.column("group"), groupLabel = table.column("group_label")
        let id = table.column("technique", "id"), label = table.column("label"), definition = table.column("definition")
        try table.require([("framework", framework), ("group", group), ("group_label", groupLabel),
                           ("technique", id), ("label", label)])
        var problems: [String] = []
        var name: String?
        var groups: [BCTGroup] = []
        for row in table.rows {
            let place = "line \(row.line)"
            let values = [framework, group, groupLabel, id, label].map { table.value(row, $0) }
            if let empty = zip(["framework", "group", "group_label", "technique", "label"], values).first(where: { $0.1.isEmpty }) {
                problems.append("\(place): \(empty.0) is empty")
                continue
            }
            if let name, name != values[0] {
                problems.append("\(place): framework \"\(values[0].excerpt)\" differs from \"\(name.excerpt)\"; one file holds one framework")
                continue
            }
            name = values[0]
            let text = table.value(row, definition)
            let technique = BCT(id: values[3], label: values[4], groupID: values[1],
                                definition: text.isEmpty ? nil : text, framework: values[0])
            if let position = groups.firstIndex(where: { $0.id == values[1] }) {
                guard groups[position].label == values[2] else {
                    problems.append("\(place): group \"\(values[1].excerpt)\" is labelled \"\(groups[position].label.excerpt)\" on an earlier line")
                    continue
                }
                groups[position].techniques.append(technique)
            } else {
                groups.append(BCTGroup(id: values[1], label: values[2], framework: values[0], techniques: [technique]))
            }
        }
        guard problems.isEmpty else { throw ExchangeError.csvRows(file: table.file, problems: problems) }
        guard let name else {
            throw ExchangeError.csvRows(file: table.file, problems: ["line 2: the file has no techniques"])
        }
        do {
            return try TaxonomyExtension(framework: name, groups: groups)
        } catch let error as FrameworkError {
            throw ExchangeError.extensionConflict(file: table.file, detail: "\(error)")
        }
    }
}
