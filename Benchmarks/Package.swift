// swift-tools-version: 6.1
import PackageDescription

/// Capstan's benchmark suite, a package of its own so that `swift build` / `swift test` of the
/// root package never compile the load generator or ordo-one/benchmark (see README "Performance").
///
/// - `capstan-bench`: the load generator (raw SwiftNIO WebSocket clients, a counting proxy in front
///   of the engine, one subcommand per scenario). Run by `scripts/bench`.
/// - `CEpoll`: Linux's epoll header for the load generator's kernel floor.
/// - `Micro`: micro-benchmarks of the hot pure code, run with `swift package benchmark`.
let package = Package(
    name: "capstan-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "capstan", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // Only the malloc interposer: the default RuntimeInterposer trait needs
        // ordo-one/swift-runtime-interposer, which is not mirrored here (Swift 6.3 on Linux).
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "capstan-bench",
            dependencies: [
                .product(name: "DockerEngine", package: "capstan"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                "CEpoll",
            ],
            path: "Sources/capstan-bench",
            // Channel handlers here are confined to their event loop; Swift 5 mode spares the
            // load generator the Sendable ceremony of NIO's pre-async handler API.
            swiftSettings: [.swiftLanguageMode(.v5)]
        ),
        /// `<sys/epoll.h>` for the kernel floor, which reads raw sockets with no framework.
        .target(name: "CEpoll", path: "Sources/CEpoll"),
        .executableTarget(
            name: "Micro",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "DockerEngine", package: "capstan"),
                .product(name: "CapstanWire", package: "capstan"),
                .product(name: "LiveHub", package: "capstan"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Micro",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
