import Charts
import CorpusQuery
import DataExchange
import Foundation
import ProjectStorage
import ResultTables
import StudyModel
import Testing

/// Foundation's `localizedDescription` of every domain error is its own message, word for word.
@Suite struct DescribedErrorTests {
    @Test func localizedDescriptionIsTheMessage() {
        let errors: [any Error & CustomStringConvertible] = [
            CorpusError.invalidCodeLevel(codeID: "C1", level: "branch"),
            FrameworkError.reservedFramework("bcttv1"),
            ChartError.headingLevel(7),
            ResultTableError.unknownFormat(fileName: "out.xyz"),
            ProjectStoreError.fileNotFound(path: "missing.peer"),
            QueryError.invalidArgument("limit must be positive"),
            ExchangeError.notAZip(file: "notes.qdpx"),
        ]
        for error in errors {
            #expect(error.localizedDescription == error.description)
            #expect(!error.description.isEmpty)
        }
    }
}
