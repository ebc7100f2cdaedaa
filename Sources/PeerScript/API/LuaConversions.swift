import CorpusQuery
import Foundation
import LuaBridge
import StudyModel

// How the API functions hand values to Lua and read them back, shared by every module.

// Each pushes one value and returns 1 (the count of results), for one-line field bodies.

/// Pushes an optional string.
@discardableResult
func push(_ text: String?, _ call: LuaCall) -> Int32 {
    call.stack.push(text)
    return 1
}

/// Pushes a boolean.
@discardableResult
func push(_ flag: Bool, _ call: LuaCall) -> Int32 {
    call.stack.push(flag)
    return 1
}

/// Pushes an integer.
@discardableResult
func push(_ number: Int, _ call: LuaCall) -> Int32 {
    call.stack.push(number)
    return 1
}

/// Pushes a sequence of strings.
@discardableResult
func push(_ strings: [String], _ call: LuaCall) -> Int32 {
    call.stack.push(strings)
    return 1
}

/// `; did you mean 'x'?` for a misspelt id, or nothing when no candidate is close.
func hint(_ wanted: String, _ candidates: [String]) -> String {
    let close = NameSuggestions.closest(to: wanted, among: candidates)
    guard !close.isEmpty else { return "" }
    return "; did you mean " + close.map { "'\($0)'" }.joined(separator: " or ") + "?"
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

extension LuaValue {
    /// The value as Foundation JSON-style objects (tables with keys 1…n become arrays).
    var jsonObject: Any? {
        switch self {
        case .nil, .opaque: return nil
        case .boolean(let flag): return flag
        case .integer(let number): return number
        case .number(let number): return number
        case .string(let text): return text
        case .table(let entries):
            if let items = arrayValues, items.count == entries.count, !items.isEmpty {
                return items.map { $0.jsonObject ?? NSNull() }
            }
            var object: [String: Any] = [:]
            for (key, value) in entries {
                guard let name = key.stringValue ?? key.intValue.map(String.init) else { continue }
                object[name] = value.jsonObject ?? NSNull()
            }
            return object
        }
    }
}
