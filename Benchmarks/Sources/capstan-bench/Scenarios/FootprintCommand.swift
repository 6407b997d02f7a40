#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import DockerEngine
import Foundation

/// `capstan-bench footprint -- CAPSTAN serve …`: time from exec to a 200 on `/readyz`, then the
/// resident memory at idle with K running containers and no client.
struct FootprintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "footprint", abstract: "Start-up time and idle memory of capstan serve.")

    @Option(help: "The engine, direct: unix:///path/docker.sock.") var dockerHost: String
    @Option(help: "The busybox test image.") var image = "capstan-test/busybox:latest"
    @Option(help: "Running containers while idle.") var containers = 50
    @Option(help: "The port the server listens on.") var port: UInt16
    @Option(help: "Idle time before reading the memory (s).") var settle = 10
    @Flag(help: "Keep the containers (for a next run).") var keep = false
    @Argument(parsing: .captureForPassthrough, help: "The server command: -- /path/capstan serve …") var command: [String]

    func run() async throws {
        let arguments = command.first == "--" ? Array(command.dropFirst()) : command
        guard let executable = arguments.first else { throw ValidationError("give the server command after --") }
        let engine = try DockerClient(host: try DockerHost.parse(dockerHost))
        let factory = Containers(engine: engine, image: image, scenario: "footprint")
        let existing = try await engine.listContainers(all: false, filters: ["label": ["capstan-bench=footprint"]])
        for index in existing.count..<max(containers, existing.count) {
            let id = try await factory.create(["sleep", "100000"], name: "bench-footprint-\(index)-\(UInt32.random(in: 0...UInt32.max))")
            try await engine.startContainer(id)
        }
        var result = ScenarioResult(scenario: "footprint")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        process.standardOutput = FileHandle.nullDevice
        let start = WallClock.monotonic()
        try process.run()
        var ready: Int64?
        let deadline = start + 30_000_000_000
        while WallClock.monotonic() < deadline, process.isRunning {
            if ReadyProbe.isReady(port: port) {
                ready = WallClock.monotonic()
                break
            }
            usleep(1000)  // one probe a millisecond: the resolution of the start-up figure
        }
        if let ready {
            result.metrics["ready_ms"] = Double(ready - start) / 1e6
        } else {
            result.notes.append("the server was not ready within 30 s")
        }
        try await Task.sleep(for: .seconds(settle))  // idle is what is measured
        if let stats = ProcessStats.read(pid: process.processIdentifier) {
            result.metrics["idle_rss_mb"] = Double(stats.residentBytes) / 1_048_576
        }
        result.metrics["containers_count"] = Double(try await engine.listContainers(all: false).count)
        process.terminate()
        process.waitUntilExit()
        if !keep { await factory.removeAll() }
        try? await engine.shutdown()
        result.emit()
    }
}
