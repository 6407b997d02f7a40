import Benchmark
import CapstanWire
import LiveHub

/// The hub's per-client batching: lines pushed one batch at a time into a client's bounded
/// queue, then taken by the writer in one drain (what becomes one `new_logs` frame).
func batchingBenchmarks() {
    let batches = stride(from: 0, to: Fixtures.lineCount, by: 100).map {
        SharedLines(Array(Fixtures.liveLines[$0..<min($0 + 100, Fixtures.lineCount)]))
    }

    Benchmark("batch: push 100 batches of 100 lines, drain (10k lines)") { benchmark in
        for _ in benchmark.scaledIterations {
            let queue = ClientQueue(capacity: 4096)
            for batch in batches { queue.push(.logs(sub: "l1", batch)) }
            let drained = await queue.drain()
            blackHole(drained)
        }
    }

    Benchmark("batch: push 10k single-line batches, drain") { benchmark in
        let singles = Fixtures.liveLines.map { SharedLines([$0]) }
        for _ in benchmark.scaledIterations {
            let queue = ClientQueue(capacity: 16_384)
            for batch in singles { queue.push(.logs(sub: "l1", batch)) }
            let drained = await queue.drain()
            blackHole(drained)
        }
    }
}
