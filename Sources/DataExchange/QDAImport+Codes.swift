import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The codes and users of an import: which incoming codes become project codes, and which
/// coder each user becomes.
extension QDAImportSession {
    // MARK: - Codes

    /// Codes PeerScript writes for techniques and principles applied directly, recognised by the
    /// GUIDs it derives for them.
    mutating func prepareFrameworkCodes() throws {
        var techniqueIDs = Taxonomy.standard.techniques.map(\.id)
        var groupIDs = Taxonomy.standard.groups.map(\.id)
        for row in try Row.fetchAll(db, sql: "SELECT bct_id, group_id FROM taxonomy_extensions") {
            techniqueIDs.append(row["bct_id"])
            groupIDs.append(row["group_id"])
        }
        for row in metadata.tables["taxonomy_extensions"] ?? [] {
            if case let .text(id)? = row["bct_id"] { techniqueIDs.append(id) }
            if case let .text(id)? = row["group_id"] { groupIDs.append(id) }
        }
        for id in techniqueIDs { codeTargets[ExchangeGUID.bct(id)] = .bct(id) }
        for principle in PrinciplesFramework.standard.principles {
            codeTargets[ExchangeGUID.principle(principle.id)] = .principle(principle.id)
        }
        frameworkFolders = Set(groupIDs.map(ExchangeGUID.bctGroup))
        frameworkFolders.insert(ExchangeGUID.techniquesFolder)
        frameworkFolders.insert(ExchangeGUID.principlesFolder)
        for codebook in Set(metadata.codes.values.map(\.codebook)) {
            frameworkFolders.insert(ExchangeGUID.codebookFolder(codebook))
        }
    }

    mutating func importCode(_ code: QDACode, parent: String?, position: Int) throws {
        if codeTargets[code.guid] != nil || frameworkFolders.contains(code.guid) {
            for (childPosition, child) in code.children.enumerated() {
                try importCode(child, parent: nil, position: childPosition)
            }
            return
        }
        let id: String
        if let existing = index.codeByGUID[code.guid] {
            id = existing
            report.present("codes")
        } else {
            let info = metadata.codes[code.guid]
            let base = info.map(\.id) ?? [parent, Self.slug(code.name)].compactMap { $0 }.joined(separator: ".")
            id = StoreIndex.unique(base, in: index.codeIDs)
            let level = info.flatMap { CodeLevel(rawValue: $0.level) }
                ?? (parent == nil ? .theme : code.children.isEmpty ? .code : .category)
            let record = Code(
                id: id, codebook: info?.codebook ?? options.codebook, parentID: parent, label: info?.label ?? code.name,
                description: code.description, colour: code.color, level: level, guid: code.guid,
                sortOrder: position,
                bcts: (info?.bcts ?? []).map { CodeMapping(targetID: $0.id, rationale: $0.rationale) },
                principles: (info?.principles ?? []).map { CodeMapping(targetID: $0.id, rationale: $0.rationale) })
            try record.insertWithMappings(db)
            index.codeIDs.insert(id)
            index.codeByGUID[code.guid] = id
            report.add("codes")
        }
        codeTargets[code.guid] = .code(id)
        for (childPosition, child) in code.children.enumerated() {
            try importCode(child, parent: id, position: childPosition)
        }
    }

    /// A code id part made from a name: lower case, accents removed, runs of anything other than
    /// letters and digits turned into one hyphen.
    static func slug(_ name: String) -> String {
        let folded = name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
        var result = ""
        var pendingHyphen = false
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingHyphen && !result.isEmpty { result += "-" }
                pendingHyphen = false
                result.unicodeScalars.append(scalar)
            } else {
                pendingHyphen = true
            }
        }
        return result.isEmpty ? "code" : result
    }

    // MARK: - Users

    mutating func importUsers() throws {
        for user in project.users {
            coders[user.guid] = try coderID(guid: user.guid, name: user.name)
        }
    }

    /// The coder row for a user: the one with the user's GUID, else the one of the same name
    /// that has no GUID, else a new coder. A name already taken by a coder with another GUID
    /// is kept apart by adding the start of the GUID, so no one's codings are merged into
    /// someone else's.
    mutating func coderID(guid: String?, name: String?) throws -> Int64 {
        if let guid, let existing = index.coderByGUID[guid] {
            report.present("coders")
            return existing
        }
        var name = (name?.isEmpty == false ? name : nil) ?? guid.map { "user " + $0.prefix(8) } ?? "unknown"
        if let existing = index.coderByName[name] {
            if existing.guid == nil || guid == nil, let id = existing.id {
                return id
            }
            let original = name
            name = StoreIndex.unique("\(name) (\(guid!.prefix(8)))", in: Set(index.coderByName.keys))
            report.warnings.append("coder name \"\(original.excerpt)\" is already used by another user; "
                + "this file's \"\(original.excerpt)\" is kept as \"\(name.excerpt)\"")
        }
        var coder = Coder(name: name, guid: guid)
        try coder.insert(db)
        index.coderByName[name] = coder
        if let guid { index.coderByGUID[guid] = coder.id }
        report.add("coders")
        return coder.id!
    }

    /// The coder for a coding or selection made by `user`, honouring `--coder`.
    mutating func coder(forUser user: String?, item: String) throws -> Int64 {
        if let fixed = options.coder { return try coderID(guid: nil, name: fixed) }
        if let user, let id = coders[user] { return id }
        if let user {
            if let existing = index.coderByGUID[user] { return existing }
            report.dangling("coding → user", item)
        }
        return try coderID(guid: nil, name: "unknown")
    }
}
