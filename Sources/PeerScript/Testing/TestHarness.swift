import LuaBridge

/// The Lua half of `peerscript test`: `describe`, `it`/`test` and `expect` with its matchers,
/// put into each test file's environment before the file runs.
///
/// The chunk receives the test file's environment and a table of host functions (`position`,
/// `golden`, `planned`, `started`, `finished`) and returns the function that runs the declared
/// tests. Failed expectations are raised as tables carrying the failing line, so one test stops
/// at its first failure and the next one still runs.
enum TestHarness {
    /// The chunk name; frames of this chunk are skipped when looking for the failing line.
    static let chunkName = "=peerscript.testing"

    /// The harness source (`Lua/test_harness.lua`).
    static let source = EmbeddedLua.chunk(PackageResources.test_harness_lua)
}
