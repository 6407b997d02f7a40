import DockerEngine
import Testing

@Suite("Container stats against the real engine")
struct StatsTests {
    /// Burns one CPU and holds about 20 MB, with a stable process count (sh, yes, sleep).
    private static let busy = [
        "sh", "-c",
        "x=$(head -c 20000000 /dev/zero | tr '\\000' a); yes > /dev/null & trap 'exit 0' TERM; sleep 3600 & wait",
    ]

    @Test func aSampleMatchesWhatTheDockerCLIPrints() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(Self.busy) { id in
                // Wait until the 20 MB are allocated (memory stops growing) before comparing.
                var ours = try await client.statsSample(id)
                for _ in 0..<20 where ours.memoryUsage < 20_000_000 { ours = try await client.statsSample(id) }
                let cli = try await DockerCLI.stats(id)

                #expect(ours.running)
                #expect(ours.onlineCPUs > 0)
                let cliCPU = try #require(cli.cpuPercent)
                // Both see the busy loop (up to one core, less on a loaded machine); the samples are a second apart.
                #expect(ours.cpuPercent > 1 && ours.cpuPercent <= 100 * Double(ours.onlineCPUs) + 5)
                #expect(cliCPU > 1)
                let cliMemory = try #require(cli.memoryBytes)
                let ratio = Double(ours.memoryUsage) / cliMemory
                #expect(ratio > 0.9 && ratio < 1.1, "ours \(ours.memoryUsage) B, CLI \(cli.MemUsage)")
                #expect(ours.memoryLimit > ours.memoryUsage)
                let percent = Double(ours.memoryUsage) / Double(ours.memoryLimit) * 100
                #expect(abs(ours.memoryPercent - percent) < 0.0001)
                #expect(String(ours.pids) == cli.PIDs)
            }
        }
    }

    @Test func theStreamStartsWithoutCPUFiguresAndSurvivesAStopAndStart() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(Self.busy) { id in
                let stream = try await client.stats(id)
                try await withTimeout(.seconds(60), "reading stats") {
                    var iterator = stream.makeAsyncIterator()
                    let first = try #require(try await iterator.next())
                    // The first sample has no previous one: no CPU figure, no rates.
                    #expect(first.cpuPercent == 0)
                    #expect(first.networkRxRate == 0 && first.blockReadRate == 0)
                    let second = try #require(try await iterator.next())
                    #expect(second.cpuPercent > 1)
                    #expect(second.running)
                    let elapsed = try #require(second.read).nanosecondsSinceEpoch - (try #require(first.read)).nanosecondsSinceEpoch
                    #expect(elapsed > 500_000_000 && elapsed < 3_000_000_000)

                    try await client.stopContainer(id, timeout: 5)
                    // Stopped: the engine keeps the stream open with zeroed samples.
                    var sample = try #require(try await iterator.next())
                    while sample.running { sample = try #require(try await iterator.next()) }
                    #expect(sample.cpuPercent == 0 && sample.memoryUsage == 0 && sample.pids == 0)

                    try await client.startContainer(id)
                    while !sample.running { sample = try #require(try await iterator.next()) }
                    #expect(sample.memoryUsage > 0)
                }
            }
        }
    }

    @Test func aStoppedContainerGivesAZeroedSample() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(trappingSleeper, start: false) { id in
                let sample = try await client.statsSample(id)
                #expect(!sample.running)
                #expect(sample.cpuPercent == 0 && sample.memoryUsage == 0)
            }
        }
    }
}
