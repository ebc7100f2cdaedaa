import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The code tree of an export, and the codes standing for techniques and principles.
extension ExportBuilder {
    /// The code trees, one folder per codebook when there is more than one codebook.
    mutating func codeTree() throws -> [QDACode] {
        let codes = try Code.fetchAllWithMappings(db)
        let known = Set(codes.map(\.id))
        var children: [String?: [Code]] = [:]
        for code in codes {
            let parent = code.parentID.flatMap { known.contains($0) ? $0 : nil }
            children[parent, default: []].append(code)
        }
        try ExportSpan.checkCodeTree(children)
        func build(_ code: Code) -> QDACode {
            let guid = code.guid ?? ExchangeGUID.code(code.id)
            metadata.codes[guid] = ExchangeMetadata.CodeInfo(
                id: code.id, codebook: code.codebook, level: code.level.rawValue,
                bcts: code.bcts.isEmpty ? nil : code.bcts.map { .init(id: $0.targetID, rationale: $0.rationale) },
                principles: code.principles.isEmpty ? nil : code.principles.map { .init(id: $0.targetID, rationale: $0.rationale) })
            let kids = (children[code.id] ?? []).sorted { ($0.sortOrder, $0.id) < ($1.sortOrder, $1.id) }
            return QDACode(guid: guid, name: code.label, isCodable: true, color: code.colour, description: code.description,
                           noteRefs: notesByTarget["code:" + code.id] ?? [], children: kids.map(build))
        }
        let roots = (children[nil] ?? []).sorted { ($0.codebook, $0.sortOrder, $0.id) < ($1.codebook, $1.sortOrder, $1.id) }
        let codebooks = Array(Set(roots.map(\.codebook))).sorted()
        if codebooks.count <= 1 { return roots.map(build) }
        return codebooks.map { codebook in
            QDACode(guid: ExchangeGUID.codebookFolder(codebook), name: Codebook.builtIn(codebook)?.name ?? codebook,
                    isCodable: false, children: roots.filter { $0.codebook == codebook }.map(build))
        }
    }

    /// Codes standing for the techniques and principles that codings apply directly, in folders
    /// by taxonomy group.
    func frameworkCodes() -> [QDACode] {
        var result: [QDACode] = []
        if !frameworkBCTs.isEmpty {
            let taxonomy = (try? extendedTaxonomy()) ?? Taxonomy.standard
            var groups: [(id: String, label: String, codes: [QDACode])] = []
            for id in frameworkBCTs.sorted(by: { $0.localizedStandardCompare($1) == .orderedAscending }) {
                let technique = taxonomy.bct(id)
                let groupID = technique?.groupID ?? String(id.prefix { $0 != "." })
                let code = QDACode(guid: ExchangeGUID.bct(id), name: technique.map { "\(id) \($0.label)" } ?? id)
                if let position = groups.firstIndex(where: { $0.id == groupID }) {
                    groups[position].codes.append(code)
                } else {
                    groups.append((groupID, taxonomy.group(groupID)?.label ?? groupID, [code]))
                }
            }
            result.append(QDACode(guid: ExchangeGUID.techniquesFolder, name: "Behaviour change techniques", isCodable: false,
                                  children: groups.map {
                                      QDACode(guid: ExchangeGUID.bctGroup($0.id), name: "\($0.id). \($0.label)",
                                              isCodable: false, children: $0.codes)
                                  }))
        }
        if !frameworkPrinciples.isEmpty {
            let principles = PrinciplesFramework.standard
            let codes = frameworkPrinciples.sorted().map { id in
                QDACode(guid: ExchangeGUID.principle(id), name: principles.principle(id).map { "\(id) \($0.label)" } ?? id)
            }
            result.append(QDACode(guid: ExchangeGUID.principlesFolder, name: "Peer-support principles", isCodable: false,
                                  children: codes))
        }
        return result
    }

    /// The standard taxonomy with the project's extension techniques added, for their labels.
    func extendedTaxonomy() throws -> Taxonomy {
        var groups: [String: (label: String, framework: String, techniques: [BCT])] = [:]
        var order: [String] = []
        for row in try Row.fetchAll(db, sql: "SELECT * FROM taxonomy_extensions ORDER BY rowid") {
            let groupID: String = row["group_id"]
            if groups[groupID] == nil {
                order.append(groupID)
                groups[groupID] = (row["group_label"], row["framework"], [])
            }
            groups[groupID]!.techniques.append(BCT(id: row["bct_id"], label: row["label"], groupID: groupID,
                                                   definition: row["definition"], framework: row["framework"]))
        }
        let extra = order.map { BCTGroup(id: $0, label: groups[$0]!.label, framework: groups[$0]!.framework,
                                         techniques: groups[$0]!.techniques) }
        return try Taxonomy(groups: Taxonomy.standard.groups + extra)
    }
}
