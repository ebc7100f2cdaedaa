import Foundation
@testable import JupyterKernel
import Testing

@Suite("Jupyter kernel: messages, connection files and kernelspecs", .timeLimit(.minutes(2)))
struct KernelProtocolTests {
    private let key = Array("secret-key".utf8)

    @Test func signedMessagesRoundTrip() throws {
        var message = WireMessage(type: "execute_reply", session: "s1", content: ["status": "ok", "execution_count": 3],
                                  identities: [Array("client".utf8)])
        message.metadata = ["a": 1]
        let frames = try message.frames(key: key)
        #expect(frames[1] == WireMessage.delimiter)
        let read = try WireMessage(frames: frames, key: key)
        #expect(read.identities == [Array("client".utf8)])
        #expect(read.type == "execute_reply")
        #expect(read.content["execution_count"] as? Int == 3)
    }

    @Test func signaturesAreHMACSHA256OfTheFourParts() {
        // Python: hmac.new(b"key", b"{}{}{}{}", hashlib.sha256).hexdigest()
        let parts = Array(repeating: Array("{}".utf8), count: 4)
        #expect(WireMessage.sign(parts, key: Array("key".utf8))
            == "ca767b02c5bc061ed184a9a029e7f93a7f2f7ed4e8fe74120fc1212f0b008fa3")
    }

    @Test func aTamperedMessageIsRefused() throws {
        let message = WireMessage(type: "kernel_info_request", session: "s", content: [:])
        var frames = try message.frames(key: key)
        frames[frames.count - 1] = Array(#"{"code": "os.exit()"}"#.utf8)
        #expect(throws: KernelError.self) { try WireMessage(frames: frames, key: key) }
        #expect(throws: KernelError.self) { try WireMessage(frames: [Array("no delimiter".utf8)], key: key) }
    }

    @Test func connectionFilesAreCheckedWithClearErrors() throws {
        let folder = try TemporaryFolder()
        let good = try folder.write("""
            {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 1, "iopub_port": 2, "stdin_port": 3,
             "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-sha256", "kernel_name": "peerscript"}
            """, to: "good.json")
        let info = try ConnectionInfo(file: good)
        #expect(info.endpoint(info.hbPort) == "tcp://127.0.0.1:5")
        let md5 = try folder.write(#"{"transport": "tcp", "ip": "127.0.0.1", "shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-md5"}"#, to: "md5.json")
        #expect(throws: KernelError.self) { try ConnectionInfo(file: md5) }
        let error = #expect(throws: KernelError.self) { try ConnectionInfo(file: folder.url.appendingPathComponent("none.json").path) }
        #expect(error?.description.contains("no readable file there") == true)
    }

    @Test func installWritesAKernelspecJupyterFinds() throws {
        let folder = try TemporaryFolder()
        let shown = try PeerScriptCLI.run(["kernel", "install", "--prefix", folder.url.path])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Add --write to write it."))
        let file = folder.url.appendingPathComponent("share/jupyter/kernels/peerscript/kernel.json")
        #expect(!FileManager.default.fileExists(atPath: file.path))
        let written = try PeerScriptCLI.run(["kernel", "install", "--prefix", folder.url.path, "--write"])
        #expect(written.status == 0, "\(written.stderr)")
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        #expect(spec["display_name"] as? String == "PeerScript (Lua 5.4)")
        #expect(spec["language"] as? String == "lua")
        #expect(spec["interrupt_mode"] as? String == "signal")
        let argv = try #require(spec["argv"] as? [String])
        #expect(Array(argv.dropFirst()) == ["kernel", "--connection-file", "{connection_file}"])
        #expect(argv.first == PeerScriptCLI.executable.resolvingSymlinksInPath().path)
    }

    @Test func installRecordsTheProjectAndLimitsInTheKernelspec() throws {
        let folder = try TemporaryFolder()
        let project = try folder.write("", to: "study.peerdb")
        let written = try PeerScriptCLI.run(["kernel", "install", "--prefix", folder.url.path, "--project", project,
                                             "--timeout", "20", "--write"])
        #expect(written.status == 0, "\(written.stderr)")
        let file = folder.url.appendingPathComponent("share/jupyter/kernels/peerscript/kernel.json")
        let spec = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let argv = try #require(spec["argv"] as? [String])
        #expect(Array(argv.dropFirst()) == ["kernel", "--connection-file", "{connection_file}",
                                            "--project", URL(fileURLWithPath: project).standardizedFileURL.path,
                                            "--timeout", "20"])
    }

    @Test func installRefusesMissingProjectsAndClashingFlags() throws {
        let missing = try PeerScriptCLI.run(["kernel", "install", "--project", "/nonexistent/x.peerdb"])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("No project file at '/nonexistent/x.peerdb'"))
        let both = try PeerScriptCLI.run(["kernel", "install", "--user", "--prefix", "/tmp"])
        #expect(both.stderr.contains("Give --user or --prefix, not both."))
    }

    @Test func theKernelWithoutAConnectionFileSaysWhatToDo() throws {
        let result = try PeerScriptCLI.run(["kernel"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--connection-file"))
        let bad = try PeerScriptCLI.run(["kernel", "--connection-file", "/nonexistent/kernel-1.json"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("cannot read the connection file '/nonexistent/kernel-1.json'"))
    }
}
