/// A coded span of text with some of the text around it, as `Query.quotes` returns it.
public struct Quote: Sendable, Hashable, CustomStringConvertible {
    /// The segment's number.
    public let segmentID: Int64
    /// The document the text is from.
    public let documentID: String
    /// The document's title.
    public let documentTitle: String?
    /// The participant the document is from, if any.
    public let participantID: String?
    /// The case of the document, if any.
    public let caseID: String?
    /// Where the span starts, in Unicode scalars from the start of the document (inclusive).
    public let start: Int
    /// Where the span ends, in Unicode scalars (exclusive).
    public let end: Int
    /// The coded text itself.
    public let text: String
    /// Up to the requested number of scalars before the span.
    public let before: String
    /// Up to the requested number of scalars after the span.
    public let after: String

    /// About how many bytes the quote takes as a Lua table: its strings, plus the table and
    /// string headers of its nine fields.
    var estimatedLuaSize: Int {
        text.utf8.count + before.utf8.count + after.utf8.count + documentID.utf8.count + 400
    }

    /// The quote on one line: `documentID [start–end]: before[text]after`.
    public var description: String {
        "\(documentID) [\(start)–\(end)]: \(before)[\(text)]\(after)"
    }
}

extension Query {
    /// The kept rows as row views, in table order, for reading fields row by row. Filters run
    /// once, now; views are made as the collection is read.
    public func rows() throws -> QueryRows {
        let selection = try Selection(self, reading: [])
        let keepsEveryRow = selection.unitOfRow == nil && selection.rows == nil
        return QueryRows(selection: selection, units: keepsEveryRow ? nil : selection.units)
    }

    /// The text of the segments behind the kept rows, each with up to `context` Unicode
    /// scalars on either side, one quote per segment, in document order then by position.
    /// For documents and participants without filters on codings, all their segments are
    /// quoted. Throws when `context` is negative or a segment does not fit its document.
    public func quotes(context: Int = 0) throws -> [Quote] {
        guard context >= 0 else {
            throw QueryError.invalidArgument("quotes needs a context of zero or more characters, not \(context)")
        }
        // Cut to a length no text reaches, so that `end + context` cannot overflow.
        let context = min(context, Int(Int32.max))
        let selection = try Selection(self, reading: [])
        let columns = snapshot.columns
        let segments = snapshot.inTextOrder(quotedSegments(selection))
        var quotes: [Quote] = []
        quotes.reserveCapacity(segments.count)
        var loaded: (document: Int32, scalars: [Unicode.Scalar])?
        var stopCheck = StopCheck(limits)
        var resultBytes = 0
        for segment in segments {
            let document = columns.segmentDocument[segment]
            if loaded?.document != document {
                try limits.checkMemory(forResultOf: resultBytes)
                loaded = (document, try snapshot.documentScalars(document))
            }
            let quote = try quote(segment, in: loaded?.scalars ?? [], context: context, columns: columns)
            resultBytes += quote.estimatedLuaSize
            try stopCheck.step(quote.text.utf8.count + quote.before.utf8.count + quote.after.utf8.count + 1)
            if quotes.count % 1024 == 1023 { try limits.checkMemory(forResultOf: resultBytes) }
            quotes.append(quote)
        }
        try limits.checkMemory(forResultOf: resultBytes)
        return quotes
    }

    /// Which segment rows lie behind the selection's kept rows.
    func quotedSegments(_ selection: Selection) -> [Bool] {
        let columns = snapshot.columns
        var used = [Bool](repeating: false, count: columns.segmentIDs.count)
        if selection.fact == .document || selection.fact == .participant {
            // No filter touched codings: every segment of a kept document or participant.
            var keep = [Bool](repeating: false, count: columns.rowCount(selection.fact))
            selection.forEachRow { keep[Int($0)] = true }
            let owner = selection.fact == .document ? columns.segmentDocument : columns.segmentParticipant
            for segment in used.indices where owner[segment] >= 0 && keep[Int(owner[segment])] {
                used[segment] = true
            }
        } else {
            let segmentOf = selection.join(to: .segment)
            selection.forEachRow { row in
                let segment = segmentOf.map { $0[Int(row)] } ?? row
                if segment >= 0 { used[Int(segment)] = true }
            }
        }
        return used
    }

    /// One segment's quote cut from its document's scalars.
    private func quote(
        _ segment: Int, in scalars: [Unicode.Scalar], context: Int, columns: CorpusColumns
    ) throws -> Quote {
        let start = Int(columns.segmentStart[segment]), end = Int(columns.segmentEnd[segment])
        let document = columns.segmentDocument[segment]
        guard end <= scalars.count else {
            throw QueryError.segmentOutsideText(
                segmentID: columns.segmentIDs[segment], documentID: columns.documentIDs[document],
                end: end, length: scalars.count)
        }
        func text(_ range: Range<Int>) -> String {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
        let participant = columns.documentParticipant[Int(document)]
        let studyCase = columns.documentCase[Int(document)]
        let titleCode = columns.documentTitle.codes[Int(document)]
        return Quote(
            segmentID: columns.segmentIDs[segment],
            documentID: columns.documentIDs[document],
            documentTitle: titleCode < 0 ? nil : columns.documentTitle.dictionary[titleCode],
            participantID: participant < 0 ? nil : columns.participantIDs[participant],
            caseID: studyCase < 0 ? nil : columns.caseIDs[studyCase],
            start: start, end: end,
            text: text(start..<end),
            before: text(max(0, start - context)..<start),
            after: text(end..<min(scalars.count, end + context)))
    }
}
