import Foundation

/// What one run of one scenario measured, printed as one JSON line on standard output.
///
/// `scripts/bench` collects the lines of repeated runs and computes min / median / max per metric;
/// the targets live there, beside the figures, never in here.
struct ScenarioResult: Encodable {
    /// The scenario's name (`state`, `logs`, `connections`, `stats`, `footprint`).
    var scenario: String
    /// Figures by name (units in the name: `_ms`, `_mb`, `_pct`, `_us`, `_count`).
    var metrics: [String: Double] = [:]
    /// The load generator's CPU over the measured window, as a fraction of its event-loop threads.
    var loadgenCPUFraction: Double = 0
    /// True when the load generator was saturated (its figures then measure itself).
    var loadgenSaturated = false
    /// Things a reader must know about this run.
    var notes: [String] = []

    /// Prints the result as one line of JSON.
    func emit() {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        if let data = try? encoder.encode(self) {
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
        if loadgenSaturated {
            FileHandle.standardError.write(Data("capstan-bench: the load generator was saturated (\(Int(loadgenCPUFraction * 100)) % of its threads): figures of this run measure it, not the server\n".utf8))
        }
    }

    /// Adds the load generator's CPU figures from a watch.
    mutating func record(load watch: CPUWatch, threads: Int) {
        let load = watch.ownLoad(threads: threads)
        loadgenCPUFraction = (load.fraction * 1000).rounded() / 1000
        loadgenSaturated = load.saturated
        metrics["loadgen_cpu_pct"] = (load.fraction * 1000).rounded() / 10
    }

    /// Adds the latency figures of a run made of phases (fan-outs), from each phase's latencies (ms):
    /// `<prefix>p50_ms`, `p90`, `p99`, `max` over every latency, and the split of a phase into its first
    /// client and the spread to its median client (`<prefix>first_client_p50_ms`, `<prefix>spread_p50_ms`,
    /// see ``PhaseSpread``). A figure with no latency behind it is -1.
    mutating func record(latencies perPhase: [[Double]], prefix: String = "") {
        let percentiles = Percentiles(perPhase.flatMap { $0 })
        metrics["\(prefix)p50_ms"] = percentiles.value(50) ?? -1
        metrics["\(prefix)p90_ms"] = percentiles.value(90) ?? -1
        metrics["\(prefix)p99_ms"] = percentiles.value(99) ?? -1
        metrics["\(prefix)max_ms"] = percentiles.max ?? -1
        let spread = PhaseSpread(perPhase)
        metrics["\(prefix)first_client_p50_ms"] = spread.firstMedian ?? -1
        metrics["\(prefix)spread_p50_ms"] = spread.spreadMedian ?? -1
    }

    /// Adds the load generator's CPU during the bursts of arrivals (`<prefix>loadgen_burst_cpu_pct`); at
    /// 90 % or more of its threads the run is marked saturated: it then measured its own reading.
    mutating func record(bursts: BurstLoad, threads: Int, prefix: String = "") {
        guard let fraction = bursts.fraction(threads: threads) else { return }
        metrics["\(prefix)loadgen_burst_cpu_pct"] = (fraction * 1000).rounded() / 10
        if fraction >= 0.9 {
            loadgenSaturated = true
            notes.append("the load generator used \(Int(fraction * 100)) % of its threads while the clients were receiving: those figures measure its own reading as much as the server")
        }
    }
}
