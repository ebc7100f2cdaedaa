import Foundation
import Testing

@Suite("peerscript import", .timeLimit(.minutes(2)))
struct ImportCommandTests {
    /// A project that import creates holds the built-in codebooks, as one made by init does,
    /// so codings of built-in codes import into it; --empty leaves them out.
    @Test func aProjectMadeByImportHoldsTheBuiltInCodebooks() throws {
        let folder = try TemporaryFolder()
        try folder.write("I felt hope when I met her.\n", to: "PAR1PW01.txt")
        try folder.write("document,start,end,code,coder\nPAR1PW01,7,11,cm.rolemodel.hope,C1\n", to: "codings.csv")
        let first = try PeerScriptCLI.run(["import", "PAR1PW01.txt", "--project", "new.peerdb"], in: folder.url)
        #expect(first.status == 0, "\(first.stderr)")
        let codings = try PeerScriptCLI.run(["import", "codings.csv", "--project", "new.peerdb"], in: folder.url)
        #expect(codings.status == 0, "\(codings.stderr)")
        #expect(codings.stdout.contains("1 codings"))
        let check = try PeerScriptCLI.run(["run", "--project", "new.peerdb", "-e",
                                           #"print(#codebook.codebooks(), corpus.codings():where{ ["code.id"] = "cm.rolemodel.hope" }:count())"#],
                                          in: folder.url)
        #expect(check.stdout == "3\t1\n", "\(check.stderr)")

        let empty = try PeerScriptCLI.run(["import", "PAR1PW01.txt", "--project", "empty.peerdb", "--empty"], in: folder.url)
        #expect(empty.status == 0, "\(empty.stderr)")
        let none = try PeerScriptCLI.run(["info", "empty.peerdb"], in: folder.url)
        let line = none.stdout.split(separator: "\n").first { $0.hasPrefix("  codebooks ") }
        #expect(line?.split(separator: " ").last == "0", "\(none.stdout)")
    }
}
