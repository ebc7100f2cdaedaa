import Foundation
import PeerScript
import ProjectStorage

extension BenchCommand {
    /// Text search and word frequencies on the generated project: building the index, word and
    /// phrase searches (warm), and word counts by role, each beside a baseline that reads every
    /// text once in the same run (what any approach without an index pays at least).
    func benchmarkSearch(_ session: ScriptSession, _ url: URL, _ report: inout BenchReport) throws {
        let store = try ProjectStore.open(at: url)
        defer { try? store.close() }
        let read = try report.time("baseline: read every document's text once", repeats: 3) {
            try TextIndex.textByteCount(in: store)
        }
        report.note("text: \(read.value / 1_000_000) MB in the documents")
        try report.time("rebuild the text index (plain and stemmed)", target: "≤ 5 s", baseline: read.seconds) {
            try TextIndex.rebuild(in: store)
        }
        if let size = TextIndex.storedBytes(in: store) {
            report.note("text index: \(size / 1_000_000) MB in the project file")
        }
        _ = try session.evaluate(#"return corpus.search("warm"):count()"#)
        try report.time(#"Lua: corpus.search("stigma"):count()"#, target: "≤ 20 ms", repeats: 5, baseline: read.seconds) {
            try session.evaluate(#"return corpus.search("stigma"):count()"#)
        }
        try report.time(#"Lua: corpus.search("lived experience", { mode = "phrase" }):count()"#, target: "≤ 20 ms",
                        repeats: 5, baseline: read.seconds) {
            try session.evaluate(#"return corpus.search("lived experience", { mode = "phrase" }):count()"#)
        }
        try report.time(#"Lua: corpus.words{ by = "participant.role" } (first call)"#, baseline: read.seconds) {
            try session.evaluate(#"return corpus.words{ by = "participant.role" }"#)
        }
        try report.time(#"Lua: corpus.words{ by = "participant.role" } (warm)"#, target: "≤ 300 ms", repeats: 3,
                        baseline: read.seconds) {
            try session.evaluate(#"return corpus.words{ by = "participant.role" }"#)
        }
    }
}
