import Statistics

/// What one rating is given to when coders' codings are compared.
public enum AgreementUnit: String, Sendable, CaseIterable {
    /// A stretch of text: coders' spans in a document that overlap enough are one unit.
    case segment
    /// A whole document: each coder's rating is every value they applied anywhere in it.
    case document
    /// Each character of a document, per code, as NVivo's coding comparison counts.
    case character
}

/// How a coder's silence counts: a unit of text the coder did not code.
public enum UncodedText: String, Sendable, CaseIterable {
    /// A coder who coded anything in the document rated every unit in it, so a unit they left
    /// uncoded holds an empty rating ("no code here"), which disagrees with a coder who coded it.
    /// Use this when coders each code whole documents.
    case empty
    /// A unit a coder left uncoded is a missing rating, so only units two coders both coded are
    /// compared. Use this when each coder coded a chosen subset of passages.
    case missing
}

/// The choices behind turning a codings query into ratings.
public struct AgreementOptions: Sendable, Hashable {
    /// The field compared when none is named: whatever each coding applies, so codings of a
    /// code, of a technique and of a principle are all compared, and never with each other.
    public static let defaultField = "coding.applied"

    /// The field whose values are compared, such as `coding.applied` (the default), `code.id`
    /// or `bct.id`.
    public var field: String
    /// How far spans must overlap to be one unit (segment units only).
    public var minimumOverlap: MinimumOverlap
    /// The coders to compare, in order; `nil` means every coder the query's codings name.
    public var coders: [String]?
    /// How a unit a coder left uncoded is rated (segment and document units).
    public var uncoded: UncodedText

    /// Options with the defaults: whatever the codings apply, any overlap, every coder, uncoded
    /// text rated empty.
    public init(field: String = AgreementOptions.defaultField, minimumOverlap: MinimumOverlap = .any,
                coders: [String]? = nil, uncoded: UncodedText = .empty) {
        self.field = field
        self.minimumOverlap = minimumOverlap
        self.coders = coders
        self.uncoded = uncoded
    }
}

extension Query {
    /// The ratings behind agreement statistics over this codings query, with segment or document
    /// units (see ``AgreementUnit``). A document counts as rated by a coder who coded anything in
    /// it, whether or not the query keeps those codings; a coder who never coded the document
    /// has a missing rating for all of its units. A unit where no coder applied any value of the
    /// field keeps every rating missing: it is not a unit of that field, so it is left out of
    /// every statistic (and counted as dropped) instead of counting as agreement on nothing.
    ///
    /// Segment units are named `document:start-end` (the stretch their spans cover); document
    /// units by the document's id. Throws for a query over other rows, an unknown field or
    /// coder, character units (use ``codedDocuments(options:)``) or an impossible overlap.
    public func agreementData(unit: AgreementUnit, options: AgreementOptions = .init()) throws -> AgreementData {
        let codings = try agreementCodings(options)
        var builder = AgreementDataBuilder()
        // Coders and labels are declared in the order `codings` numbers them, so its numbers
        // are the builder's.
        for coder in codings.coderNames { builder.declare(coder: coder) }
        for label in codings.labelNames { builder.declare(label: label) }
        var stopCheck = StopCheck(limits)
        switch unit {
        case .document:
            for (document, members) in codings.byDocument {
                try stopCheck.step(members.count + 1)
                let unit = builder.addUnit(snapshot.columns.documentIDs[document])
                addRatings(members, of: codings, unit: unit, document: document, options.uncoded, &builder)
            }
        case .segment:
            let overlap = try options.minimumOverlap.validated()
            for (document, members) in codings.byDocument {
                try stopCheck.step(members.count + 1)
                let units = SpanAlignment.units(of: members.map { codings.spans[$0] }, minimumOverlap: overlap)
                var membersOfUnit = [[Int]](repeating: [], count: units.extents.count)
                for (position, member) in members.enumerated() { membersOfUnit[units.unitOfSpan[position]].append(member) }
                let documentID = snapshot.columns.documentIDs[document]
                for (extent, unitMembers) in zip(units.extents, membersOfUnit) {
                    // Names are new: no two units of a document start at the same place (a
                    // span inside another always joins it).
                    let unit = builder.addUnit("\(documentID):\(extent.lowerBound)-\(extent.upperBound)")
                    addRatings(unitMembers, of: codings, unit: unit, document: document, options.uncoded, &builder)
                }
            }
        case .character:
            throw QueryError.invalidArgument("character units compare coded ranges, not ratings; use codedDocuments(options:)")
        }
        return builder.build()
    }

    /// The documents this codings query touches, each with the character ranges every compared
    /// coder coded at each value of the field, for NVivo-style character agreement. Reads each
    /// document's length from the project.
    public func codedDocuments(options: AgreementOptions = .init()) throws -> CodedDocuments {
        let codings = try agreementCodings(options)
        let lengths = try snapshot.documentLengths(codings.byDocument.map(\.0))
        var documents: [CodedDocument] = []
        var coders: [Set<String>] = []
        var stopCheck = StopCheck(limits)
        for ((document, members), length) in zip(codings.byDocument, lengths) {
            try stopCheck.step(members.count + 1)
            let id = snapshot.columns.documentIDs[document]
            var coded = try CodedDocument(id: id, length: length)
            for member in members {
                let coder = codings.coderNames[codings.coders[member]]
                for label in codings.labels[member] {
                    try coded.add(coder: coder, code: codings.labelNames[Int(label)], range: codings.spans[member])
                }
            }
            documents.append(coded)
            coders.append(Set(codings.coderNames.indices.filter { codings.rated(document, $0) }
                .map { codings.coderNames[$0] }))
        }
        return CodedDocuments(documents: documents, coders: codings.coderNames, codedBy: coders)
    }

    /// Records the ratings of one unit: each member coding's values, then an empty rating for
    /// every other coder who rated the document, when uncoded text counts as rated. A unit whose
    /// codings have no value of the field gets no rating at all.
    private func addRatings(_ members: [Int], of codings: AgreementCodings, unit: Int32, document: Int32,
                            _ uncoded: UncodedText, _ builder: inout AgreementDataBuilder) {
        guard members.contains(where: { !codings.labels[$0].isEmpty }) else { return }
        var present = [Bool](repeating: false, count: codings.coderNames.count)
        for member in members {
            let coder = codings.coders[member]
            present[coder] = true
            builder.addRating(unit: unit, coder: Int32(coder), labels: codings.labels[member])
        }
        guard uncoded == .empty else { return }
        for coder in present.indices where !present[coder] && codings.rated(document, coder) {
            builder.addRating(unit: unit, coder: Int32(coder), labels: [Int32]())
        }
    }

    /// The kept codings of the compared coders, with their spans, coders and values.
    private func agreementCodings(_ options: AgreementOptions) throws -> AgreementCodings {
        guard entity == .codings else {
            throw QueryError.invalidArgument("agreement compares codings, so the query must be over codings, not \(entity.rawValue)")
        }
        let columns = snapshot.columns
        let rows = try self.rows()
        _ = try definition(options.field)  // an unknown field fails before any work
        let coderRows = try comparedCoders(options.coders, rows: rows)
        var slotOfCoder = [Int](repeating: -1, count: columns.coderNames.count)
        for (slot, row) in coderRows.enumerated() { slotOfCoder[Int(row)] = slot }
        var codings = AgreementCodings(coderNames: coderRows.map { columns.coderNames[$0] },
                                       documentCount: columns.documentIDs.count)
        var membersOfDocument: [Int32: [Int]] = [:]
        var documentOrder: [Int32] = []
        func slot(ofCoding coding: Int) -> Int? {
            let coderRow = columns.codingCoder[coding]
            return coderRow >= 0 && slotOfCoder[Int(coderRow)] >= 0 ? slotOfCoder[Int(coderRow)] : nil
        }
        for row in rows {
            let coding = Int(row.index)
            guard let slot = slot(ofCoding: coding) else { continue }
            let segment = Int(columns.codingSegment[coding])
            let document = columns.codingDocument[coding]
            if membersOfDocument[document] == nil { documentOrder.append(document) }
            membersOfDocument[document, default: []].append(codings.spans.count)
            codings.spans.append(Int(columns.segmentStart[segment])..<Int(columns.segmentEnd[segment]))
            codings.coders.append(slot)
            codings.labels.append(try row.values(options.field).map { codings.labelCode($0) })
        }
        codings.byDocument = documentOrder.sorted().map { ($0, membersOfDocument[$0]!) }
        for coding in columns.codingIDs.indices {
            guard let slot = slot(ofCoding: coding) else { continue }
            codings.markRated(columns.codingDocument[coding], slot)
        }
        return codings
    }

    /// Coder rows to compare: the named ones (each must exist), else those the kept codings name,
    /// in coder order.
    private func comparedCoders(_ names: [String]?, rows: QueryRows) throws -> [Int32] {
        let dictionary = snapshot.columns.coderNames
        if let names {
            if let repeated = AgreementData.firstRepeat(in: names) { throw AgreementError.sameCoderTwice(repeated) }
            return try names.map { name in
                guard let row = dictionary.code(of: name) else {
                    throw AgreementError.unknownCoder(name, known: dictionary.strings)
                }
                return row
            }
        }
        var used = [Bool](repeating: false, count: dictionary.count)
        for row in rows {
            let coder = snapshot.columns.codingCoder[Int(row.index)]
            if coder >= 0 { used[Int(coder)] = true }
        }
        return used.indices.filter { used[$0] }.map(Int32.init)
    }
}

/// The codings an agreement computation reads, as parallel arrays, grouped by document.
private struct AgreementCodings {
    let coderNames: [String]
    var spans: [Range<Int>] = []
    /// Index into `coderNames` per coding.
    var coders: [Int] = []
    /// Indices into `labelNames` per coding.
    var labels: [[Int32]] = []
    /// The field's values met, numbered in order of first sight.
    private(set) var labelNames: [String] = []
    private var labelNumbers: [String: Int32] = [:]
    /// Document rows in table order, each with the indices of its codings.
    var byDocument: [(Int32, [Int])] = []
    /// Whether each coder coded anything in each document, document-major.
    private var ratedCells: [Bool]

    init(coderNames: [String], documentCount: Int) {
        self.coderNames = coderNames
        ratedCells = [Bool](repeating: false, count: documentCount * coderNames.count)
    }

    /// The number of a value of the field, giving it the next number on first sight.
    mutating func labelCode(_ name: String) -> Int32 {
        if let known = labelNumbers[name] { return known }
        labelNames.append(name)
        labelNumbers[name] = Int32(labelNames.count - 1)
        return Int32(labelNames.count - 1)
    }

    func rated(_ document: Int32, _ coder: Int) -> Bool { ratedCells[Int(document) * coderNames.count + coder] }

    mutating func markRated(_ document: Int32, _ coder: Int) {
        if document >= 0 { ratedCells[Int(document) * coderNames.count + coder] = true }
    }
}
