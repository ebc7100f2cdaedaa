import LuaBridge
import StudyModel

/// A Swift value held by Lua as userdata. One subclass per Lua class, so each gets its own
/// metatable.
class LuaBoxed<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// A behaviour change technique as Lua sees it (`BCT`).
final class BCTObject: LuaBoxed<BCT> {}
/// A group of techniques (`BCTGroup`).
final class BCTGroupObject: LuaBoxed<BCTGroup> {}
/// A peer-support principle (`Principle`).
final class PrincipleObject: LuaBoxed<Principle> {}
/// A codebook code (`Code`), with the codebook it belongs to for navigation.
final class CodeObject {
    let code: Code
    let codebook: Codebook
    init(_ code: Code, in codebook: Codebook) {
        self.code = code
        self.codebook = codebook
    }
}
