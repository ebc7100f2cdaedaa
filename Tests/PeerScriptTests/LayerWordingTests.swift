import Foundation
import Testing

/// The bridge and the domain sit below the command-line tool, so their messages may not name
/// its flags: the tool words how to lift a restriction, and passes that wording down.
@Suite(.timeLimit(.minutes(3)))
struct LayerWordingTests {
    /// The folders whose string literals may not name a flag.
    static let lowerLayers = ["Sources/LuaBridge", "Sources/StudyModel", "Sources/ResultTables", "Sources/Statistics",
                              "Sources/ProjectStorage", "Sources/CorpusQuery", "Sources/DataExchange", "Sources/Charts",
                              "Sources/CorpusGenerator", "Sources/Benchmarks"]

    @Test func noStringLiteralBelowTheToolNamesAFlag() throws {
        var scanned = 0
        var found: [String] = []
        for folder in Self.lowerLayers {
            for file in try Self.sourceFiles(in: folder) {
                let text = try String(contentsOf: RepositoryFiles.root.appendingPathComponent(file), encoding: .utf8)
                let literals = file.hasSuffix(".lua") ? StringLiterals.lua(text) : StringLiterals.swift(text)
                scanned += 1
                found += literals.flatMap(Self.flags).map { "\(file): \($0)" }
            }
        }
        #expect(scanned > 50)
        #expect(found.isEmpty, "flags named in lower layers:\n\(found.joined(separator: "\n"))")
    }

    @Test func theFlagCheckSeesTheToolsFlags() {
        for flag in ["--trusted", "--out", "--offsets", "--project", "--max-uncompressed-mb", "--participant"] {
            #expect(Self.flags(in: "run with \(flag) to allow it") == [flag])
        }
        #expect(Self.flags(in: "-- a comment, x--y, a-wal file").isEmpty)
    }

    @Test func swiftLiteralsAreFoundAndCommentsSkipped() {
        let source = #"""
            // "--in a comment"
            /* "--block" /* nested */ */
            let a = "one \(f("two")) three"
            let b = #"raw "--x" here"#
            let c = """
                multi --line
                """
            """#
        let literals = StringLiterals.swift(source)
        #expect(literals.contains { $0.contains("one") && $0.contains("three") })
        #expect(literals.contains("two"))
        #expect(literals.contains { $0.contains(#"raw "--x" here"#) })
        #expect(literals.contains { $0.contains("multi --line") })
        #expect(!literals.contains { $0.contains("--in") || $0.contains("--block") })
    }

    @Test func luaLiteralsAreFoundAndCommentsSkipped() {
        let source = """
            -- "--comment"
            --[[ "--long comment" ]]
            local a, b = 'single --s', "double \\" --d"
            local c = [==[long --l]==]
            """
        let literals = StringLiterals.lua(source)
        #expect(literals == ["single --s", #"double \" --d"#, "long --l"])
    }

    /// The long options (`--name`) a literal mentions.
    static func flags(in literal: String) -> [String] {
        let pattern = /(^|[^\w-])(--[a-z][a-z0-9]*(-[a-z0-9]+)*)/
        return literal.matches(of: pattern).map { String($0.output.2) }
    }

    /// The Swift and Lua files under `folder`, relative to the repository.
    static func sourceFiles(in folder: String) throws -> [String] {
        let root = RepositoryFiles.root.appendingPathComponent(folder)
        let names = FileManager.default.subpaths(atPath: root.path) ?? []
        return names.filter { $0.hasSuffix(".swift") || $0.hasSuffix(".lua") }.sorted().map { "\(folder)/\($0)" }
    }
}

/// Which files make up a project is the store's knowledge: other code asks it.
@Suite(.timeLimit(.minutes(3)))
struct ProjectFilesPlacementTests {
    @Test func onlyTheStoreNamesSQLitesSideFiles() throws {
        var found: [String] = []
        for file in try LayerWordingTests.sourceFiles(in: "Sources") where !file.hasPrefix("Sources/ProjectStorage/") {
            let text = try String(contentsOf: RepositoryFiles.root.appendingPathComponent(file), encoding: .utf8)
            let literals = file.hasSuffix(".lua") ? StringLiterals.lua(text) : StringLiterals.swift(text)
            if literals.contains(where: { $0.contains("-wal") || $0.contains("-shm") || $0.contains("-journal") }) {
                found.append(file)
            }
        }
        #expect(found.isEmpty, "files naming SQLite's side files outside the store: \(found)")
    }
}

/// The text of string literals in source files, with comments left out.
enum StringLiterals {
    /// Literals of Swift source: plain, multi-line and raw strings; an interpolation's own
    /// literals are listed too.
    static func swift(_ text: String) -> [String] {
        var scanner = SwiftScanner(Array(text.unicodeScalars))
        scanner.scanCode(untilClosingParenthesis: false)
        return scanner.literals
    }

    /// Literals of Lua source: quoted strings and long brackets, comments left out.
    static func lua(_ text: String) -> [String] {
        let chars = Array(text.unicodeScalars)
        var literals: [String] = []
        var index = 0
        while index < chars.count {
            let char = chars[index]
            if char == "-", index + 1 < chars.count, chars[index + 1] == "-" {
                index += 2
                if let (_, end) = longBracket(chars, at: index) { index = end; continue }
                while index < chars.count, chars[index] != "\n" { index += 1 }
            } else if char == "\"" || char == "'" {
                var body = String.UnicodeScalarView()
                index += 1
                while index < chars.count, chars[index] != char, chars[index] != "\n" {
                    if chars[index] == "\\", index + 1 < chars.count { body.append(chars[index]); index += 1 }
                    body.append(chars[index])
                    index += 1
                }
                literals.append(String(body))
                index += 1
            } else if char == "[", let (body, end) = longBracket(chars, at: index) {
                literals.append(body)
                index = end
            } else {
                index += 1
            }
        }
        return literals
    }

    /// A Lua long bracket (`[[…]]`, `[==[…]==]`) starting at `start`: its body and the index after it.
    private static func longBracket(_ chars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        guard start < chars.count, chars[start] == "[" else { return nil }
        var level = 0
        var index = start + 1
        while index < chars.count, chars[index] == "=" { level += 1; index += 1 }
        guard index < chars.count, chars[index] == "[" else { return nil }
        let close = Array(("]" + String(repeating: "=", count: level) + "]").unicodeScalars)
        var body = String.UnicodeScalarView()
        index += 1
        while index < chars.count {
            if chars[index] == "]", index + close.count <= chars.count, Array(chars[index..<index + close.count]) == close {
                return (String(body), index + close.count)
            }
            body.append(chars[index])
            index += 1
        }
        return (String(body), index)
    }
}

/// A small Swift lexer: enough to tell comments, code and string literals apart.
private struct SwiftScanner {
    let chars: [Unicode.Scalar]
    var index = 0
    var literals: [String] = []

    init(_ chars: [Unicode.Scalar]) { self.chars = chars }

    private func peek(_ text: String, at position: Int? = nil) -> Bool {
        let wanted = Array(text.unicodeScalars)
        let start = position ?? index
        return start + wanted.count <= chars.count && Array(chars[start..<start + wanted.count]) == wanted
    }

    /// Reads code up to the end (or to the `)` closing an interpolation), collecting literals.
    mutating func scanCode(untilClosingParenthesis: Bool) {
        var depth = 0
        while index < chars.count {
            if peek("//") {
                while index < chars.count, chars[index] != "\n" { index += 1 }
            } else if peek("/*") {
                skipBlockComment()
            } else if chars[index] == "#" || chars[index] == "\"" {
                if !scanLiteral() { index += 1 }
            } else if chars[index] == "(" {
                depth += 1
                index += 1
            } else if chars[index] == ")" {
                index += 1
                if untilClosingParenthesis, depth == 0 { return }
                depth -= 1
            } else {
                index += 1
            }
        }
    }

    private mutating func skipBlockComment() {
        var depth = 0
        while index < chars.count {
            if peek("/*") { depth += 1; index += 2 } else if peek("*/") {
                depth -= 1
                index += 2
                if depth == 0 { return }
            } else { index += 1 }
        }
    }

    /// Reads a literal starting at `index` (with any `#` delimiters); false when there is none.
    private mutating func scanLiteral() -> Bool {
        var hashes = 0
        while index + hashes < chars.count, chars[index + hashes] == "#" { hashes += 1 }
        guard peek("\"", at: index + hashes) else { return false }
        index += hashes
        let multiLine = peek("\"\"\"")
        let quote = multiLine ? "\"\"\"" : "\""
        index += quote.count
        let closing = quote + String(repeating: "#", count: hashes)
        let interpolation = "\\" + String(repeating: "#", count: hashes) + "("
        var body = String.UnicodeScalarView()
        while index < chars.count, !peek(closing) {
            if peek(interpolation) {
                index += interpolation.unicodeScalars.count
                scanCode(untilClosingParenthesis: true)
                body.append(" ")
            } else if hashes == 0, chars[index] == "\\", index + 1 < chars.count {
                body.append(chars[index])
                body.append(chars[index + 1])
                index += 2
            } else if !multiLine, chars[index] == "\n" {
                break
            } else {
                body.append(chars[index])
                index += 1
            }
        }
        index += closing.unicodeScalars.count
        literals.append(String(body))
        return true
    }
}
