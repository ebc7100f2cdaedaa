import Foundation
import Testing

/// With --trusted, plain Lua programs must behave as under the stock `lua5.4` interpreter.
@Suite("Trusted scripts behave as under lua5.4", .timeLimit(.minutes(3)))
struct TrustedParityTests {
    static let stockLua = ["/usr/bin/lua5.4", "/usr/local/bin/lua5.4"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static let programs: [String] = [
        "print(1, 2.5, 'x', nil, true, 10 // 3, 7 % -3, 2^63, math.maxinteger + 1 == math.mininteger)",
        "print(string.format('%q', 'a\\nb'), ('x'):rep(3, '-'), utf8.char(233, 8364))",
        "local t = setmetatable({}, {__index = function(_, k) return k * 2 end}) print(t[21])",
        "print(pcall(error, {}), select('#', pcall(error)))",
        "local co = coroutine.wrap(function(a) local b = coroutine.yield(a + 1) return b * 2 end) print(co(1), co(5))",
        "print(type(io.write), type(os.getenv('HOME')), type(package.loadlib), debug.gethook())",
        "goto skip print('never') ::skip:: print(#arg, arg[0] ~= nil)",
        "local f <close> = setmetatable({}, {__close = function() print('closed') end}) print('body')",
        "print(load(string.dump(function() return 42 end))())",
        "print(tostring(nil), tonumber('0x10'), tonumber('z', 36), math.type(1), math.type(1.0))",
        "print(next({}), rawlen({1, 2}), select(-1, 1, 2, 3))",
        "local t = {} for i = 1, 10 do t[i] = i end table.sort(t, function(a, b) return a > b end) print(table.concat(t, ','))",
        "error('plain failure')",
        "local x = nil; x()",
        "error(setmetatable({}, {__tostring = function() return 'custom object' end}))",
        "error({})",
        "local s = 'unfinished",
        "os.exit(3)",
        "io.stderr:write('to stderr\\n') os.exit(true)",
    ]

    @Test(.enabled(if: stockLua != nil), arguments: programs)
    func sameOutputAsStockLua(program: String) throws {
        let folder = try TemporaryFolder()
        let script = try folder.write(program + "\n", to: "program.lua")
        let stock = try runStock(script, in: folder.url)
        let ours = try PeerScriptCLI.run(["run", "--trusted", "program.lua"], in: folder.url)
        #expect(ours.stdout == stock.stdout)
        #expect(ours.status == stock.status)
        // The stock interpreter names itself by the path it was started with.
        #expect(ours.stderr == stock.stderr.replacingOccurrences(of: Self.stockLua! + ": ", with: "peerscript: "))
    }

    private func runStock(_ script: String, in folder: URL) throws -> PeerScriptCLI.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.stockLua!)
        process.arguments = ["program.lua"]
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return PeerScriptCLI.finish(process, out, err)
    }
}
