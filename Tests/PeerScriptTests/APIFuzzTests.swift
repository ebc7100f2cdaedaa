import Charts
import CorpusQuery
import Foundation
import PeerScript
import StudyModel
import Testing

/// Calls every documented function and method of the Lua API with random arguments of every
/// type, on the main thread and inside coroutines, in a separate process: whatever the
/// arguments, each call returns or raises a Lua error, and the process ends normally.
@Suite("Every API function survives random arguments", .timeLimit(.minutes(5)))
struct APIFuzzTests {
    /// A Lua expression making one object of each documented class.
    static let makers: [String: String] = [
        "BCT": #"taxonomy.get("1.1")"#,
        "BCTGroup": #"taxonomy.group("1")"#,
        "Principle": "principles.list()[1]",
        "Code": "codebook.roots(codebook.codebooks()[1])[1]",
        "Query": "corpus.codings()",
        "Row": "(function() for r in corpus.participants():rows() do return r end end)()",
        "Table": #"corpus.codings():count_by("participant.role")"#,
        "Agreement": "stats.agreement(corpus.codings())",
        "Chart": #"corpus.codings():count_by("participant.role"):plot()"#,
        "Report": #"report.new{ title = "fuzz" }"#,
    ]

    /// The Lua list of `{name, function-expression, is-method, class}` entries to call.
    static func targets() -> String {
        let reference = APIReference.current
        var entries: [String] = []
        for module in reference.modules {
            for member in module.members where member.kind != .field {
                entries.append("{ \"\(module.name).\(member.name)\", function() return \(module.name).\(member.name) end, false }")
            }
        }
        for group in reference.classes {
            for member in group.members where member.kind != .field {
                entries.append("{ \"\(group.name):\(member.name)\", function() return objects[\"\(group.name)\"] end, true, \"\(member.name)\" }")
            }
        }
        return "{\n" + entries.joined(separator: ",\n") + "\n}"
    }

    static func script(seed: Int, rounds: Int) -> String {
        let makers = makers.map { "objects[\"\($0.key)\"] = select(2, pcall(function() return \($0.value) end))" }
        return """
            math.randomseed(\(seed))
            objects = {}
            \(makers.joined(separator: "\n"))
            local shared = string.rep("s", 4096)
            local scalars = {
              nil, true, false, 0, 1, -1, 1.5, -0.0, 1/0, -1/0, 0/0, math.maxinteger, math.mininteger,
              2^53, 2^63, "", "1", "1.1", "PW", "participant.role", "bct.group", "codings", "\\255\\0\\254",
              string.rep("x", 100000), shared, "../escape.txt", "/etc/passwd", "out.csv", print,
              coroutine.create(function() end), function() return true end, function() error("raised") end,
              function() coroutine.yield(1) end, function() return {} end,
            }
            local function scalar() return scalars[math.random(1, #scalars + 1)] end
            local function object()
              local names = {}
              for name in pairs(objects) do names[#names + 1] = name end
              table.sort(names)
              return objects[names[math.random(#names)]]
            end
            local value
            local function tableOf(depth)
              local t = {}
              for i = 1, math.random(0, 4) do
                local key = math.random(3) == 1 and i or (math.random(2) == 1 and scalar() or "k" .. i)
                if key ~= nil and key == key then t[key] = value(depth - 1) end
              end
              if math.random(8) == 1 then t[#t + 1] = t end          -- a cycle
              if math.random(8) == 1 then t.shared = shared end
              return t
            end
            value = function(depth)
              local pick = math.random(10)
              if depth <= 0 or pick <= 5 then return scalar() end
              if pick == 6 then return object() end
              if pick == 7 then
                local t = {}
                for i = 1, math.random(0, 300) do t = { t, shared } end   -- deep nesting
                return t
              end
              return tableOf(depth)
            end
            local targets = \(targets())
            local calls = 0
            local function fuzz()
              for round = 1, \(rounds) do
                for _, target in ipairs(targets) do
                  local holder = target[2]()
                  local f = holder
                  if target[3] then f = holder and holder[target[4]] end
                  if f then
                    local args = {}
                    local count = math.random(0, 4)
                    for i = 1, count do args[i] = value(3) end
                    if target[3] and math.random(4) > 1 then table.insert(args, 1, holder); count = count + 1 end
                    pcall(f, table.unpack(args, 1, count))
                    calls = calls + 1
                  end
                end
              end
            end
            fuzz()
            local co = coroutine.wrap(function() fuzz() return "finished" end)
            while co() ~= "finished" do end
            print("fuzzed " .. calls)
            """
    }

    @Test(arguments: [1, 2, 3])
    func randomArgumentsNeverCrashTheHost(seed: Int) throws {
        let folder = try TemporaryFolder()
        let script = try folder.write(Self.script(seed: seed, rounds: 3), to: "fuzz.lua")
        let result = try PeerScriptCLI.run(["run", script, "--out", folder.url.appendingPathComponent("out").path,
                                            "--timeout", "200"], in: folder.url)
        #expect(result.status == 0, "stderr: \(result.stderr.prefix(2000))")
        #expect(result.stdout.hasPrefix("fuzzed "), "stdout: \(result.stdout.suffix(2000))")
    }
}
