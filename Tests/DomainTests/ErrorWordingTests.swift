import Charts
import CorpusQuery
import DataExchange
import ProjectStorage
import ResultTables
import StudyModel
import Testing

/// The messages built from shared wordings (`FailureWording`, the file in front of an exchange
/// message, the size-limit advice) read word for word as users have always seen them.
@Suite struct ErrorWordingTests {
    @Test func fileAndDatabaseRefusals() {
        #expect(ChartError.writeFailed(path: "/out/c.svg", reason: "Permission denied").description
            == "could not write '/out/c.svg': Permission denied")
        #expect(ResultTableError.writeFailed(path: "/out/t.csv", reason: "Disk full").description
            == "could not write '/out/t.csv': Disk full")
        #expect(QueryError.textUnavailable(documentID: "D1", reason: "no such row").description
            == "could not read the text of document 'D1': no such row")
        #expect(ProjectStoreError.cannotOpen(path: "p.peerdb", reason: "locked").description
            == "cannot open p.peerdb: locked")
    }

    @Test func projectFileMessages() {
        #expect(ProjectStoreError.fileNotFound(path: "p.peerdb").description
            == "no project file at p.peerdb; create one with `peerscript init p.peerdb`")
        #expect(ProjectStoreError.alreadyExists(path: "p.peerdb").description
            == "p.peerdb already exists; choose another name or remove the file first")
        #expect(ProjectStoreError.newerVersion(path: "p.peerdb", found: 9, supported: 3).description
            == "p.peerdb uses project format version 9, but this PeerScript (\(peerScriptVersion)) "
            + "knows versions up to 3; update PeerScript to open it")
        #expect(ProjectStoreError.needsMigration(path: "p.peerdb", found: 1, current: 3).description
            == "p.peerdb uses project format version 1 and must be upgraded to version 3; "
            + "open it for writing once to upgrade it")
    }

    @Test func chartMessages() {
        #expect(ChartError.emptyTable(kind: "bar").description
            == "cannot draw a bar of an empty table; check the query's filters return some rows and columns")
        #expect(ChartError.notSquare(kind: "network", rows: 2, columns: 3).description
            == "a network needs a co-occurrence table with the same labels on rows and columns, "
            + "but this one has 2 rows and 3 columns that differ; use kind \"heatmap\" for other tables")
        #expect(ChartError.negativeValue(row: "PW", column: "hope", value: "-1").description
            == "stacked bars cannot show the negative value -1 in row 'PW', column 'hope'; use kind \"bar\" instead")
        #expect(ChartError.unknownKind("pie", known: ["bar", "heatmap"]).description
            == "unknown chart kind 'pie'; choose one of \"bar\", \"heatmap\"")
        #expect(ChartError.headingLevel(7).description
            == "heading level 7 is out of range; use 1 for a section, 2 or 3 for subsections")
    }

    @Test func taxonomyClashes() {
        #expect(FrameworkError.duplicateTechnique(id: "3.1", existingFramework: "bcttv1").description
            == "technique id '3.1' is already defined by 'bcttv1'; give the extension technique another number")
        #expect(FrameworkError.duplicateGroup(id: "3", existingFramework: "bcttv1").description
            == "group id '3' is already defined by 'bcttv1'; give the extension group another number (18 or above)")
    }

    @Test func exchangeMessagesNameTheFileFirst() {
        #expect(ExchangeError.unreadableFile(file: "in.qdpx", reason: "No such file").description
            == "in.qdpx: cannot be read (No such file). Check the path and permissions.")
        #expect(ExchangeError.notAZip(file: "in.qdpx").description
            == "in.qdpx: not a zip archive, so not a REFI-QDA project (.qdpx). "
            + "Export the project again from the QDA program, or check that this is the right file.")
        #expect(ExchangeError.csvMissingColumns(file: "c.csv", missing: ["code", "coder"]).description
            == "c.csv: missing column(s) code, coder in the header row.")
        #expect(ExchangeError.badCodeTree(code: "C1", reason: "is its own ancestor").description
            == "project: code C1 is its own ancestor, so the code tree cannot be exported. "
            + "The project file was changed by another program; fix that code's parent.")
    }

    @Test func sizeLimitAdvice() {
        let limit = ByteLimit.describe(1024)
        #expect(ExchangeError.archiveTooLarge(file: "in.qdpx", entry: "big.txt", limitBytes: 1024).description
            == "in.qdpx: big.txt would unpack to more than \(limit) (the limit on uncompressed size), "
            + "so the archive was not unpacked. If it is genuine, raise the limit on uncompressed size.")
        #expect(ExchangeError.importTooLarge(file: "t.txt", bytes: 2048, limitBytes: 1024).description
            == "t.txt: is \(ByteLimit.describe(2048)), more than the \(limit) an import reads, so nothing was read. "
            + "If it is genuine, raise the limit on uncompressed size.")
    }
}
