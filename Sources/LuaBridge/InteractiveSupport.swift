// What an interactive front end needs beyond running whole scripts: keeping a value (one
// environment shared by every line) and compiling chunks the way scripts are compiled.

extension LuaReference {
    /// Keeps the value at `index` of `stack` alive in the registry, so code outside a host
    /// function (such as the REPL's shared environment and helpers) can push or call it later.
    public convenience init(keeping index: Int32, of stack: LuaStack) {
        self.init(state: stack.state, stack: stack, index: index)
    }
}

extension ScriptEnvironment {
    /// `source` with a `#` first line (as in `#!/usr/bin/env peerscript`) emptied, so line
    /// numbers stay right: what `loadScript` compiles.
    public static func withoutHashLine(_ source: [UInt8]) -> [UInt8] {
        skippingHashLine(source)
    }
}
