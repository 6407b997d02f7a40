import ArgumentParser
import DockerEngine
import Foundation
import NIOPosix

/// `capstan-bench logs`: V viewers of one container that writes a burst of N lines.
///
/// The container sleeps a second, then runs `seq 1 N`. A direct reader of the engine's follow
/// stream (the physical limit) reads the same burst in the same run. Times are taken from the
/// engine's timestamp of the first line to the arrival of the last.
struct LogsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "logs", abstract: "Log fan-out: V viewers, a burst of N lines.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Viewers (one connection each).") var viewers = 100
    @Option(help: "Lines in the burst.") var lines = 100_000
    @Option(help: "How long to wait for every viewer (s).") var timeout = 120

    func run() async throws {
        let engine = try common.engine()
        let containers = Containers(engine: engine, image: common.image, scenario: "logs")
        await containers.removeAll()
        let id = try await containers.create(["sh", "-c", "sleep 1; seq 1 \(lines)"])
        let recorder = LogRecorder(viewers: viewers, total: lines, containerID: String(id.prefix(12)))
        let group = MultiThreadedEventLoopGroup(numberOfThreads: common.threads)
        let pool = ClientPool(connector: try common.connector(group: group), sink: recorder)
        var result = ScenarioResult(scenario: "logs")

        Log.say("logs: \(viewers) viewers of \(id.prefix(12)), \(lines) lines")
        await pool.open(count: viewers, deadline: .seconds(60))
        try await waitFor(.seconds(30)) { recorder.subscriptions >= pool.accepted }
        result.metrics["viewers_accepted_count"] = Double(recorder.subscriptions)
        let before = common.counts()
        let watch = CPUWatch(serverPID: common.serverPID)

        try await engine.startContainer(id)
        // The direct reader: the engine's follow stream from the start, with timestamps.
        var firstTimestamp: Int64?
        var directLast: Int64 = 0
        var directLines = 0
        var directLastText = 0
        var directOutOfOrder = 0
        var directAnomalies: [String] = []
        for try await chunk in try await engine.followLogs(id, options: LogOptions(timestamps: true), tty: false).chunks {
            let now = WallClock.nanos()
            if firstTimestamp == nil { firstTimestamp = chunk.first?.timestamp?.nanosecondsSinceEpoch }
            directLines += chunk.count
            // The same check as the viewers': the burst's numbers, each once, in order.
            for line in chunk {
                guard let number = Int(line.text), number == directLastText + 1 else {
                    directOutOfOrder += 1
                    if directAnomalies.count < 5 { directAnomalies.append("'\(line.text)' after \(directLastText)") }
                    directLastText = Int(line.text) ?? directLastText
                    continue
                }
                directLastText = number
            }
            directLast = now
            if directLines >= lines { break }
        }
        let deadlineOK = (try? await waitFor(.seconds(timeout)) { recorder.completed >= recorder.subscriptions }) != nil
        let cpu = watch.serverCPU
        result.record(load: watch, threads: common.threads)
        try await Task.sleep(for: .milliseconds(300))  // the proxy writes its counts every 100 ms
        let after = common.counts()

        let start = firstTimestamp ?? 0
        let direct = Double(directLast - start) / 1e6
        let all = recorder.snapshot.prefix(recorder.subscriptions)
        let completions = all.filter { $0.doneAt > 0 }.map { Double($0.doneAt - start) / 1e6 }
        let slowest = completions.max() ?? -1
        let delivered = all.reduce(0) { $0 + $1.lines }
        result.metrics["direct_reader_ms"] = direct
        result.metrics["direct_reader_lines_count"] = Double(directLines)
        result.metrics["direct_reader_out_of_order_count"] = Double(directOutOfOrder)
        if !directAnomalies.isEmpty { result.notes.append("direct reader anomalies: " + directAnomalies.joined(separator: "; ")) }
        result.metrics["slowest_viewer_ms"] = slowest
        result.metrics["median_viewer_ms"] = Percentiles(completions).value(50) ?? -1
        result.metrics["slowest_over_direct_ratio"] = direct > 0 && slowest > 0 ? slowest / direct : -1
        result.metrics["viewers_complete_count"] = Double(completions.count)
        result.metrics["lines_delivered_count"] = Double(delivered)
        result.metrics["out_of_order_count"] = Double(all.reduce(0) { $0 + $1.outOfOrder })
        result.metrics["duplicates_count"] = Double(all.reduce(0) { $0 + $1.duplicates })
        result.metrics["gap_messages_count"] = Double(all.reduce(0) { $0 + $1.gaps })
        result.metrics["frames_per_viewer"] = Double(all.reduce(0) { $0 + $1.frames }) / Double(max(all.count, 1))
        if let cpu, delivered > 0 {
            result.metrics["server_cpu_s"] = cpu
            result.metrics["server_cpu_per_line_us"] = cpu / Double(delivered) * 1e6
        }
        let short = String(id.prefix(12))
        if common.proxyCounts != nil {
            let key = "logs_follow:\(short)"
            result.metrics["upstream_log_streams_count"] = Double(after[key, default: 0] - before[key, default: 0])
        } else {
            result.notes.append("no proxy: upstream streams not counted")
        }
        if let odd = all.first(where: { !$0.anomalies.isEmpty }) { result.notes.append("first anomalies of a viewer: " + odd.anomalies.joined(separator: "; ")) }
        if let short = all.first(where: { $0.doneAt == 0 }) {
            result.notes.append("a viewer that did not complete: \(short.lines) lines, last text \(short.lastText), \(short.frames) frames")
        }
        if !deadlineOK { result.notes.append("not every viewer completed within \(timeout) s") }
        await pool.closeAll()
        try? await engine.removeContainer(id, force: true)
        try? await engine.shutdown()
        try? await group.shutdownGracefully()
        result.emit()
    }
}
