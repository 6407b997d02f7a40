import ArgumentParser
import DockerEngine
import Foundation
import NIOPosix

/// `capstan-bench stats`: K running containers, each watched by C clients (every client watches
/// every container), over a measured window.
struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Stats fan-out: K containers × C clients.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Running containers.") var containers = 50
    @Option(help: "Clients per container.") var clients = 10
    @Option(help: "Measured window (s).") var window = 30
    @Option(help: "Containers also read directly from the engine, for its own pace.") var directReaders = 5

    func run() async throws {
        let engine = try common.engine()
        let factory = Containers(engine: engine, image: common.image, scenario: "stats")
        await factory.removeAll()
        var ids: [String] = []
        for index in 0..<containers {
            let id = try await factory.create(["sleep", "100000"], name: "bench-stats-\(index)")
            try await engine.startContainer(id)
            ids.append(String(id.prefix(12)))
        }
        let recorder = StatsRecorder(clients: clients, containers: ids)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: common.threads)
        let pool = ClientPool(connector: try common.connector(group: group), sink: recorder)
        var result = ScenarioResult(scenario: "stats")

        Log.say("stats: \(clients) clients × \(containers) containers")
        let before = common.counts()
        await pool.open(count: clients, deadline: .seconds(60))
        try? await waitFor(.seconds(60)) { recorder.subscriptions >= pool.accepted * containers }
        result.metrics["subscriptions_count"] = Double(recorder.subscriptions)
        // The first samples need two engine ticks; the window starts once streams are flowing.
        try await Task.sleep(for: .seconds(3))
        let watch = CPUWatch(serverPID: common.serverPID)
        let start = WallClock.nanos()
        let end = start + Int64(window) * 1_000_000_000
        recorder.measure(from: start, to: end)
        // The engine's own pace, read directly in the same window (the physical limit: its collector
        // sleeps a second after each pass over every container, so a period is a little over 1 s).
        let direct = Array(ids.prefix(directReaders))
        let engineSamples = try await withThrowingTaskGroup(of: (String, Int).self) { tasks in
            for id in direct {
                tasks.addTask {
                    var count = 0
                    for try await _ in try await engine.stats(id) {
                        let now = WallClock.nanos()
                        if now > end { break }
                        if now >= start { count += 1 }
                    }
                    return (id, count)
                }
            }
            try await Task.sleep(for: .seconds(window))  // the window itself is what is measured
            var counts: [String: Int] = [:]
            for try await (id, count) in tasks { counts[id] = count }
            return counts
        }
        result.record(load: watch, threads: common.threads)
        if let cpu = watch.serverCPU { result.metrics["server_cpu_pct"] = cpu / watch.elapsed * 100 }
        try await Task.sleep(for: .milliseconds(300))
        let after = common.counts()

        let pairs = recorder.snapshot
        let rates = pairs.map { Double($0.samples) / Double(window) }
        let percentiles = Percentiles(rates)
        result.metrics["pairs_count"] = Double(pairs.count)
        result.metrics["min_rate_per_s"] = percentiles.value(0) ?? -1
        result.metrics["median_rate_per_s"] = percentiles.value(50) ?? -1
        result.metrics["pairs_below_0_9_per_s_count"] = Double(rates.filter { $0 < 0.9 }.count)
        result.metrics["longest_gap_ms"] = Double(pairs.map(\.longestGap).max() ?? 0) / 1e6
        // Every sample the engine made in the window should reach every client: compare, per directly
        // read container, each client's count with the engine's (one apart is the window's edge).
        let engineRates = engineSamples.values.map { Double($0) / Double(window) }
        result.metrics["engine_rate_per_s"] = Percentiles(engineRates).value(50) ?? -1
        var short = 0
        for (position, id) in ids.enumerated() {
            guard let expected = engineSamples[id] else { continue }
            for client in 0..<pool.accepted where pairs[client * ids.count + position].samples < expected - 1 { short += 1 }
        }
        result.metrics["pairs_short_of_engine_count"] = Double(short)
        if common.proxyCounts != nil {
            let streams = ids.map { after["stats_stream:\($0)", default: 0] - before["stats_stream:\($0)", default: 0] }
            result.metrics["upstream_stats_streams_max_per_container"] = Double(streams.max() ?? 0)
            result.metrics["upstream_stats_streams_total"] = Double(streams.reduce(0, +))
        } else {
            result.notes.append("no proxy: upstream streams not counted")
        }
        await pool.closeAll()
        await factory.removeAll()
        try? await engine.shutdown()
        try? await group.shutdownGracefully()
        result.emit()
    }
}
