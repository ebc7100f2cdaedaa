import CLua

/// Finds the line a test file was running when an expectation failed or an error was raised,
/// by walking the Lua call stack from the host function that asks.
struct CallStackPosition {
    /// The chunk name of the test file (`@path/to/x_test.lua`).
    let testChunk: String
    /// The harness's chunk name, whose frames never count as the failing line.
    let harnessChunk: String

    /// `path:line` of the innermost frame running the test file; failing that, of the innermost
    /// Lua frame outside the harness (a helper module); nil when there is neither.
    func position(in L: OpaquePointer) -> String? {
        var fallback: String?
        var record = lua_Debug()
        var level: Int32 = 1
        while lua_getstack(L, level, &record) != 0 {
            level += 1
            guard lua_getinfo(L, "Sl", &record) != 0, record.currentline > 0,
                  let raw = record.source else { continue }
            let source = String(cString: raw)
            if source == testChunk { return Self.display(source) + ":\(record.currentline)" }
            if fallback == nil, source != harnessChunk {
                fallback = Self.display(source) + ":\(record.currentline)"
            }
        }
        return fallback
    }

    /// A chunk name as Lua shows it in messages: `@file` and `=name` without their mark.
    static func display(_ chunk: String) -> String {
        guard let first = chunk.first, first == "@" || first == "=" else { return chunk }
        return String(chunk.dropFirst())
    }
}
