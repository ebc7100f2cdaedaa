// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "PeerScript",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "peerscript", targets: ["PeerScriptCLI"]),
        .library(name: "PeerScript", targets: ["PeerScript"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Lua 5.4 as the system provides it, plus inline wrappers for its macros.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]
        ),
        // The few pieces that must be C: the error-raising trampoline, the stopping hook
        // and the counting allocator.
        .target(name: "CLuaRuntime", dependencies: ["CLua"]),
        // The Lua chunks a target runs are kept as .lua files and compiled into it as byte arrays.
        .target(
            name: "LuaBridge",
            dependencies: ["CLua", "CLuaRuntime"],
            resources: [.embedInCode("Lua/sandbox.lua")]
        ),
        // The domain, from the bottom up. The study model: frameworks (BCT Taxonomy v1, the
        // peer-support principles, fidelity), codebooks and the coded corpus, as plain values.
        .target(
            name: "StudyModel",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources")]
        ),
        // Result tables: labelled counts with totals, reshaping and text/CSV/JSON/Markdown forms.
        .target(name: "ResultTables", dependencies: ["StudyModel"]),
        // Inter-coder agreement and reliability statistics over plain coded units.
        .target(name: "Statistics"),
        // The FTS5 pieces only C can reach: hit offsets and direct tokenizer calls.
        .target(name: "CTextIndex", linkerSettings: [.linkedLibrary("sqlite3")]),
        // The project file: one SQLite database through GRDB, written in transactions.
        .target(
            name: "ProjectStorage",
            dependencies: ["StudyModel", "CTextIndex", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The query engine: the corpus loaded as columns, filters, counts, crosstabs, agreement.
        .target(
            name: "CorpusQuery",
            dependencies: ["StudyModel", "ProjectStorage", "ResultTables", "Statistics",
                           .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // libxml2, for reading REFI-QDA XML: its headers at build time, the library itself opened
        // by the shim when an import first parses XML (not linked).
        .target(name: "CLibXML", cSettings: [.unsafeFlags(["-I/usr/include/libxml2"])]),
        // REFI-QDA, codings CSV, JSON Lines and transcript import and export.
        .target(
            name: "DataExchange",
            dependencies: ["StudyModel", "ProjectStorage", "CLibXML",
                           .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        // SVG charts and HTML reports drawn from result tables.
        .target(name: "Charts", dependencies: ["StudyModel", "ResultTables"]),
        // Synthetic projects of any size and the demo corpus, from a seed.
        .target(
            name: "CorpusGenerator",
            dependencies: ["StudyModel", "ProjectStorage", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Hand-written baselines that `peerscript bench` measures the general paths against.
        .target(name: "Benchmarks", dependencies: ["CorpusQuery", "CorpusGenerator", "Statistics", "ResultTables", "StudyModel"]),
        .target(
            name: "PeerScript",
            dependencies: ["LuaBridge", "StudyModel", "ResultTables", "Statistics", "ProjectStorage",
                           "CorpusQuery", "DataExchange", "Charts", "CorpusGenerator",
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            resources: [.embedInCode("Lua/repl_helpers.lua"), .embedInCode("Lua/test_harness.lua")]
        ),
        // libedit, for the REPL's line editing, completion and history: its header at build
        // time, the library itself opened by the shim when the REPL starts (not linked).
        .systemLibrary(
            name: "CEditLine",
            providers: [.apt(["libedit-dev"])]
        ),
        // libzmq, the transport of the Jupyter messaging protocol: its header at build time, the
        // library itself opened by the shim when the kernel first needs it (not linked).
        .systemLibrary(
            name: "CZeroMQ",
            providers: [.apt(["libzmq3-dev"])]
        ),
        // The Jupyter kernel: the wire protocol over ZeroMQ, and cells run in one REPL session.
        .target(
            name: "JupyterKernel",
            dependencies: ["CZeroMQ", "PeerScript", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The command-line tool. Its folder and module differ from PeerScript by more than case,
        // so they stay apart on case-insensitive file systems; the product keeps the tool's name.
        .executableTarget(
            name: "PeerScriptCLI",
            dependencies: [
                "PeerScript", "LuaBridge", "CEditLine", "StudyModel", "ProjectStorage", "CorpusQuery",
                "DataExchange", "CorpusGenerator", "Benchmarks", "JupyterKernel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LuaBridgeTests", dependencies: ["LuaBridge"]),
        .testTarget(
            name: "DomainTests",
            dependencies: ["StudyModel", "ResultTables", "Statistics", "ProjectStorage", "CorpusQuery",
                           "DataExchange", "Charts", "CorpusGenerator", "Benchmarks"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PeerScriptTests",
            dependencies: ["PeerScript", "LuaBridge", "PeerScriptCLI", "StudyModel", "ResultTables",
                           "Statistics", "ProjectStorage", "CorpusQuery", "DataExchange", "Charts",
                           "CorpusGenerator", "Benchmarks", "JupyterKernel"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
