import ArgumentParser
import Foundation
import NIOPosix

/// `capstan-bench connections`: N clients subscribed to the container list, then an idle window.
///
/// Reports how many were accepted, the server's resident memory with all of them connected, its
/// CPU over the idle window, and the Engine API requests it made in that window (via the proxy).
struct ConnectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "connections", abstract: "N idle subscribed clients: memory, idle CPU, engine requests.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Clients.") var clients = 10_000
    @Option(help: "Idle window (s).") var idle = 60
    @Option(help: "Handshakes in flight while connecting.") var inFlight = 200

    func run() async throws {
        let counter = SnapshotCounter()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: common.threads)
        let pool = ClientPool(connector: try common.connector(group: group), sink: counter)
        var result = ScenarioResult(scenario: "connections")
        let baseline = common.serverPID.flatMap { ProcessStats.read(pid: $0) }

        Log.say("connections: opening \(clients) clients")
        let opening = CPUWatch(serverPID: common.serverPID)
        await pool.open(count: clients, inFlight: inFlight, deadline: .seconds(300))
        try? await waitFor(.seconds(60)) { counter.subscribed >= pool.accepted }
        result.metrics["connect_all_s"] = opening.elapsed
        result.metrics["clients_accepted_count"] = Double(pool.accepted)
        result.metrics["clients_subscribed_count"] = Double(counter.subscribed)
        result.metrics["clients_refused_count"] = Double(clients - pool.accepted)
        let codes = Dictionary(grouping: pool.refusedCodes.map { code in code.map { String($0) } ?? "none" }, by: { $0 }).mapValues(\.count)
        if !codes.isEmpty { result.notes.append("refused by close code: \(codes)") }

        // Let the connection burst settle before the idle window starts.
        try await Task.sleep(for: .seconds(2))
        Log.say("connections: \(pool.accepted) accepted; idle for \(idle) s")
        let before = common.counts()
        let watch = CPUWatch(serverPID: common.serverPID)
        try await Task.sleep(for: .seconds(idle))  // the idle window itself is what is measured
        let after = common.counts()
        let idleCPU = watch.serverCPU
        result.record(load: watch, threads: common.threads)
        if let idleCPU { result.metrics["server_idle_cpu_pct"] = idleCPU / watch.elapsed * 100 }
        if let pid = common.serverPID, let now = ProcessStats.read(pid: pid) {
            result.metrics["server_rss_mb"] = Double(now.residentBytes) / 1_048_576
            if let baseline { result.metrics["server_rss_before_mb"] = Double(baseline.residentBytes) / 1_048_576 }
        }
        if common.proxyCounts != nil {
            let requests = Double(after["total", default: 0] - before["total", default: 0])
            result.metrics["engine_requests_per_min"] = requests / watch.elapsed * 60
        } else {
            result.notes.append("no proxy: engine requests not counted")
        }
        result.metrics["clients_closed_during_idle_count"] = Double(pool.closedCount - (clients - pool.accepted))
        await pool.closeAll()
        // What the server keeps once every client is gone: live state it failed to free, or heap the
        // allocator holds on to. A settling delay before a reading, not a way to order events.
        try await Task.sleep(for: .seconds(3))
        if let pid = common.serverPID, let now = ProcessStats.read(pid: pid) {
            result.metrics["server_rss_after_close_mb"] = Double(now.residentBytes) / 1_048_576
        }
        try? await group.shutdownGracefully()
        result.emit()
    }
}
