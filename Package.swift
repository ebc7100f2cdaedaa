// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "PeerScript",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "peerscript", targets: ["PeerScriptCLI"]),
        .library(name: "PeerSupport", targets: ["PeerSupport"]),
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
        .target(
            name: "PeerSupport",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        .target(
            name: "PeerScript",
            dependencies: [
                "LuaBridge", "PeerSupport",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.embedInCode("Lua/repl_helpers.lua"), .embedInCode("Lua/test_harness.lua")]
        ),
        // libedit, for the REPL's line editing, completion and history.
        .systemLibrary(
            name: "CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // The command-line tool. Its folder and module differ from PeerScript by more than case,
        // so they stay apart on case-insensitive file systems; the product keeps the tool's name.
        .executableTarget(
            name: "PeerScriptCLI",
            dependencies: [
                "PeerScript", "PeerSupport", "LuaBridge", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LuaBridgeTests", dependencies: ["LuaBridge"]),
        .testTarget(
            name: "PeerSupportTests",
            dependencies: ["PeerSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "PeerScriptTests",
            dependencies: ["PeerScript", "PeerSupport", "LuaBridge", "PeerScriptCLI"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
