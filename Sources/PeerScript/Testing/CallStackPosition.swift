import LuaBridge

/// Finds the line a test file was running when an expectation failed or an error was raised,
/// by walking the Lua call stack from the host function that asks.
struct CallStackPosition {
    /// The chunk name of the test file (`@path/to/x_test.lua`).
    let testChunk: String
    /// The harness's chunk name, whose frames never count as the failing line.
    let harnessChunk: String

    /// `path:line` of the innermost frame running the test file; failing that, of the innermost
    /// Lua frame outside the harness (a helper module); nil when there is neither.
    func position(in stack: LuaStack) -> String? {
        let frames = stack.sourcePositions()
        if let test = frames.first(where: { $0.chunk == testChunk }) {
            return Self.display(test.chunk) + ":\(test.line)"
        }
        return frames.first(where: { $0.chunk != harnessChunk }).map { Self.display($0.chunk) + ":\($0.line)" }
    }

    /// A chunk name as Lua shows it in messages: `@file` and `=name` without their mark.
    static func display(_ chunk: String) -> String {
        guard let first = chunk.first, first == "@" || first == "=" else { return chunk }
        return String(chunk.dropFirst())
    }
}
