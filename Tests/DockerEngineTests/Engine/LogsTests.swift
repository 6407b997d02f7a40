import DockerEngine
import Testing

@Suite("Container logs against the real engine")
struct LogsTests {
    private static let script = "seq 1 5; echo err1 >&2; seq 6 10; printf last-no-newline"

    @Test func snapshotWithStreamsTimestampsTailAndTime() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(["sh", "-c", Self.script]) { id in
                _ = try await client.waitContainer(id)
                let lines = try await client.logs(id)
                let stdout = lines.filter { $0.stream == .stdout }.map(\.text)
                #expect(stdout == (1...10).map(String.init) + ["last-no-newline"])
                #expect(lines.filter { $0.stream == .stderr }.map(\.text) == ["err1"])
                let stamps = lines.compactMap(\.timestamp)
                #expect(stamps.count == lines.count)
                // In order within a stream; across streams the engine's stdout and stderr copiers stamp lines on
                // their own, and the log keeps them in the order they were written (seen once in CI).
                for stream in [LogStream.stdout, .stderr] {
                    let own = lines.filter { $0.stream == stream }.compactMap(\.timestamp)
                    #expect(own == own.sorted())
                }

                // tail counts stored lines of both streams (their relative order is the engine's to choose).
                let tail = try await client.logs(id, options: LogOptions(tail: 3))
                #expect(tail == Array(lines.suffix(3)))

                let onlyErrors = try await client.logs(id, options: LogOptions(stdout: false))
                #expect(onlyErrors.map(\.text) == ["err1"])

                let six = try #require(lines.first { $0.text == "6" }?.timestamp)
                let sinceSix = try await client.logs(id, options: LogOptions(stderr: false, since: six))
                #expect(sinceSix.first?.text == "6")  // since is inclusive
                #expect(sinceSix.count == 6)
                // until is inclusive too (verified on the engine).
                let untilSix = try await client.logs(id, options: LogOptions(stderr: false, until: six))
                #expect(untilSix.map(\.text) == ["1", "2", "3", "4", "5", "6"])

                let plain = try await client.logs(id, options: LogOptions(timestamps: false))
                #expect(plain.allSatisfy { $0.timestamp == nil })
                #expect(plain.count == lines.count)
            }
        }
    }

    @Test(arguments: [true, false])
    func aLineLongerThanOneStoredEntryIsReassembled(timestamps: Bool) async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(["sh", "-c", "head -c 20000 /dev/zero | tr '\\000' a; echo; echo after"]) { id in
                _ = try await client.waitContainer(id)
                let lines = try await client.logs(id, options: LogOptions(timestamps: timestamps))
                #expect(lines.map(\.text.count) == [20000, 5])
                #expect(lines.first?.text.allSatisfy { $0 == "a" } == true)
                #expect(lines.last?.text == "after")
            }
        }
    }

    @Test func ttyOutputIsOneStreamWithoutCarriageReturns() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(["sh", "-c", "echo tty-line; echo second >&2; printf tail"], configure: { $0.tty = true }) { id in
                _ = try await client.waitContainer(id)
                let lines = try await client.logs(id)
                #expect(lines.map(\.text) == ["tty-line", "second", "tail"])
                #expect(lines.allSatisfy { $0.stream == .stdout && $0.timestamp != nil })
            }
        }
    }

    @Test func followDeliversNewLinesAndEndsWhenTheContainerStops() async throws {
        try await TestEngine.withClient { client in
            let counter = "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo line $i; sleep 0.02; done"
            try await client.withContainer(["sh", "-c", counter]) { id in
                let stream = try await client.followLogs(id)
                let received = try await withTimeout(.seconds(30), "following logs") {
                    var numbers: [Int] = []
                    var stopped = false
                    for try await line in stream {
                        numbers.append(Int(line.text.split(separator: " ").last ?? "") ?? -1)
                        if numbers.count == 20 && !stopped {
                            stopped = true
                            try await client.stopContainer(id, timeout: 5)
                        }
                    }
                    return numbers
                }
                // Every line once, in order, and the stream ended by itself after the stop.
                #expect(received.count >= 20)
                #expect(received == Array(1...received.count))
            }
        }
    }
}
