#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import NIOCore

/// `capstan-bench kernel-floor`: the state scenario's floor with no framework at all — what this
/// machine's kernel allows for one message to each of N loopback TCP clients read in one process.
///
/// One process holds both ends (``LoopbackPairs``): W writer threads write the same
/// `status_change`-sized frame to every server end (W = 1 and 2 by default: one core or both), one
/// thread reads every client end through epoll (as the load generator does). No engine, no
/// WebSocket parsing, no event loop: the latencies are the kernel's loopback TCP, its wake-ups and
/// the scheduler. It also measures what one write and one read cost in CPU, and from them a bound
/// no server can beat with its clients on the same cores: the median client needs N/2 writes and
/// N/2 reads done first, so p50 ≥ (N/2)·(write + read) / cores, and, the reads being one thread's
/// (as the load generator's), p50 ≥ (N/2)·read as well. Metrics are named `kernel_*`;
/// `scripts/bench` merges them into the state run's result.
struct KernelFloorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel-floor", abstract: "The state scenario's kernel floor: raw loopback TCP, N clients, F fan-outs.")

    @Option(help: "Clients (connections).") var clients = 1000
    @Option(help: "Fan-outs per writer count.") var fanouts = 200
    @Option(help: "Writer thread counts to measure, comma-separated; the best is reported as kernel_p50_ms.")
    var writers = "1,2"
    /// As in `state-floor` without an engine: the state phases come about 100–150 ms apart.
    @Option(help: "Pause between fan-outs (ms).") var gapMs = 100
    @Option(help: "How long a fan-out waits for every client (ms).") var phaseTimeoutMs = 5000

    func run() throws {
        let counts = writers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !counts.isEmpty, counts.allSatisfy({ $0 >= 1 && $0 <= 64 }) else {
            throw ValidationError("--writers must be a comma-separated list of 1...64, like 1,2")
        }
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard Int(limit.rlim_cur) > 2 * clients + 64 else {
            throw ValidationError("the open-file limit (\(limit.rlim_cur)) is too low for \(clients) connections (both ends): raise it with ulimit -n")
        }
        Log.say("kernel-floor: opening \(clients) loopback connections")
        let pairs = try LoopbackPairs(count: clients)
        // The floor server's message: the same bytes, so the kernel copies as many per socket.
        let frame = FanoutMessage.frame(FanoutMessage.text(seq: 100, sentNanos: WallClock.nanos()), allocator: ByteBufferAllocator())
        let message = Array(frame.readableBytesView)
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

        var result = ScenarioResult(scenario: "kernel-floor")
        var best: (writers: Int, p50: Double, outcome: KernelFanouts.Outcome)?
        for count in counts {
            Log.say("kernel-floor: \(fanouts) fan-outs with \(count) writer thread(s)")
            let outcome = try KernelFanouts(pairs: pairs, message: message, writers: count)
                .run(fanouts: fanouts, gapMs: gapMs, timeoutMs: phaseTimeoutMs)
            let percentiles = Percentiles(outcome.perFanout.flatMap { $0 })
            let p50 = percentiles.value(50) ?? -1
            let p99 = percentiles.value(99) ?? -1
            result.metrics["kernel_w\(count)_p50_ms"] = p50
            result.metrics["kernel_w\(count)_p99_ms"] = p99
            result.metrics["kernel_w\(count)_missed_count"] = Double(outcome.missed)
            if outcome.missed > 0 { result.notes.append("kernel floor: \(outcome.missed) messages missed with \(count) writer(s)") }
            if p50 > 0, best.map({ p50 < $0.p50 }) ?? true { best = (count, p50, outcome) }
        }
        if let best {
            result.record(latencies: best.outcome.perFanout, prefix: "kernel_")
            result.metrics["kernel_writers_count"] = Double(best.writers)
            result.metrics["kernel_write_us"] = (best.outcome.writeMicros * 100).rounded() / 100
            result.metrics["kernel_read_us"] = (best.outcome.readMicros * 100).rounded() / 100
            let half = Double(clients) / 2
            let bound = max(half * (best.outcome.writeMicros + best.outcome.readMicros) / Double(cores), half * best.outcome.readMicros) / 1000
            result.metrics["kernel_cpu_bound_p50_ms"] = (bound * 1000).rounded() / 1000
        }
        result.notes.append("kernel floor: raw loopback TCP in one process (\(message.count)-byte message, \(cores) cores, no engine, idle between fan-outs)")
        result.emit()
    }
}
