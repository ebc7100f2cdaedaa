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

extension LuaStack {
    /// Pushes `objects` as a sequence table, each made by `box`.
    func pushArray<Element, Object: AnyObject>(_ elements: [Element], as box: (Element) -> Object) {
        pushTable(array: elements.count)
        for (offset, element) in elements.enumerated() {
            push(object: box(element))
            setIndex(offset + 1, inTableAt: -2)
        }
    }
}

extension LuaCall {
    /// The option `name` as a string, or nil when absent; an error when it holds anything else,
    /// so a mistyped option is reported rather than replaced by the default.
    func stringOption(_ options: [String: LuaValue], _ name: String) throws -> String? {
        guard let value = options[name] else { return nil }
        guard let text = value.stringValue else {
            throw LuaScriptError("option '\(name)' of '\(functionName)' must be a string")
        }
        return text
    }
}
