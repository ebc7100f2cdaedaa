import Foundation
import GRDB
import ProjectStorage
import StudyModel

/// The selections of an import: the segments they cover and the codings on them.
extension QDAImportSession {
    mutating func importSelections() throws {
        let notes = Dictionary(project.notes.map { ($0.guid, $0) }, uniquingKeysWith: { first, _ in first })
        let total = project.codingCount + project.sources.reduce(0) { $0 + $1.codings.count }
        let step = max(1, total / 100)
        var done = 0
        options.progress?(ImportProgress(phase: "codings", done: 0, total: total))
        for (sourceIndex, source) in project.sources.enumerated() {
            guard let documentID = documents[source.guid] else { continue }
            for (selectionIndex, selection) in source.selections.enumerated() {
                let span = spans[sourceIndex][selectionIndex]
                let segment = try segmentID(guid: selection.guid, documentID: documentID, span: span)
                if let description = selection.description {
                    try insertNote(guid: nil, name: "Description", text: description, author: nil, createdAt: nil,
                                   target: .init(kind: "segment", id: segment.reference, author: nil))
                }
                for noteGUID in selection.noteRefs {
                    attach(noteGUID, kind: "segment", id: segment.reference)
                }
                for coding in selection.codings {
                    try importCoding(coding, segment: segment.id, fallbackUser: selection.creatingUser, notes: notes)
                    done += 1
                    if done % step == 0 { options.progress?(ImportProgress(phase: "codings", done: done, total: total)) }
                }
            }
            if !source.codings.isEmpty {
                let length = (source.text ?? "").unicodeScalars.count
                let segment = try segmentID(guid: nil, documentID: documentID, span: 0..<length)
                for coding in source.codings {
                    try importCoding(coding, segment: segment.id, fallbackUser: source.creatingUser, notes: notes)
                    done += 1
                }
            }
            for noteGUID in source.noteRefs { attach(noteGUID, kind: "document", id: documentID) }
        }
        options.progress?(ImportProgress(phase: "codings", done: total, total: total))
    }

    /// The segment for a selection: the one with its GUID when that covers the same span, else
    /// the one already covering the span, else a new one.
    mutating func segmentID(guid: String?, documentID: String,
                                    span: Range<Int>) throws -> (id: Int64, reference: String) {
        let key = StoreIndex.Span(document: documentID, start: span.lowerBound, end: span.upperBound)
        var guid = guid
        if let guid, let existing = index.segmentByGUID[guid] {
            if existing.span == key {
                report.present("segments")
                return (existing.id, guid)
            }
            report.warnings.append("selection \(guid) has the GUID of a segment with another span; "
                + "it is kept as a separate segment")
        }
        if let existing = index.segmentBySpan[key] {
            if !createdSegments.contains(existing.id) { report.present("segments") }
            return (existing.id, existing.guid ?? String(existing.id))
        }
        if let current = guid, index.segmentByGUID[current] != nil { guid = nil }
        var segment = Segment(documentID: documentID, start: span.lowerBound, end: span.upperBound, guid: guid)
        try segment.insert(db)
        index.add(segment: segment.id!, guid: guid, span: key)
        createdSegments.insert(segment.id!)
        report.add("segments")
        return (segment.id!, guid ?? String(segment.id!))
    }

    /// Adds one coding unless the project has it already. A coding without a user is attributed
    /// to the user who made its selection (`fallbackUser`).
    mutating func importCoding(_ coding: QDACoding, segment: Int64, fallbackUser: String?,
                                       notes: [String: QDANote]) throws {
        guard let target = codeTargets[coding.codeGUID] else {
            report.dangling("coding → code", coding.guid)
            return
        }
        let coderID = try coder(forUser: coding.creatingUser ?? fallbackUser, item: coding.guid)
        let key = StoreIndex.CodingKey(segment: segment, target: target, coder: coderID)
        var guid: String? = coding.guid
        if let existing = index.codingByGUID[coding.guid] {
            if existing == key {
                report.present("codings")
                return
            }
            report.warnings.append("coding \(coding.guid) has the GUID of a different coding; it is added without it")
            guid = nil
        } else if index.codings.contains(key) {
            report.present("codings")
            return
        }
        var memo: String?
        for noteGUID in coding.noteRefs {
            if memoNotes.contains(noteGUID) {
                memo = notes[noteGUID]?.text
            } else {
                attach(noteGUID, kind: "coding", id: coding.guid)
            }
        }
        var record = Coding(segmentID: segment, target: target, coderID: coderID,
                            createdAt: coding.creationDateTime, memo: memo, guid: guid)
        try record.insert(db)
        index.add(coding: key, guid: guid)
        report.add("codings")
    }
}
