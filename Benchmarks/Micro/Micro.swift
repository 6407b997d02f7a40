import Benchmark

/// Micro-benchmarks of the live path's hot pure code, run with
/// `swift package --allow-writing-to-package-directory benchmark --target Micro` in `Benchmarks/`
/// (or `CAPSTAN_BENCH_MICRO=1 scripts/bench`). Each benchmark works on a batch of
/// ``Fixtures/lineCount`` lines, so time per line = reported time / that count.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput],
        warmupIterations: 3,
        maxDuration: .seconds(2),
        maxIterations: 1000
    )
    decodingBenchmarks()
    batchingBenchmarks()
    encodingBenchmarks()
    fanOutBenchmarks()
}
