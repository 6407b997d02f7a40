import CapstanWire
import DockerEngine
import HummingbirdTesting
import Testing

/// `GET …/containers/{id}/logs`: the non-streaming log read, its selection and its parameters.
@Suite struct LogRoutesTests {
    /// A container that wrote `1`…`50` to stdout, then `err` to stderr, and exited; and its whole log.
    ///
    /// The engine reads stdout and stderr with one copier each, so where `err` falls among the last
    /// stdout lines is the engine's business: the tests compare with the whole log, not with a guess.
    static func writeLog(_ test: TestContext) async throws -> (TestContainer, [LogLineView]) {
        let container = try await test.runContainer("logs", cmd: ["sh", "-c", "seq 1 50; echo err >&2"])
        expectStatus(try await test.action(container.id, "wait"), .ok)
        // The engine has flushed the log when it reports the exit; poll all the same, since the log is
        // written by the engine's copiers and not by the container.
        let all = try await eventually("the whole log") {
            let lines = try await logs(test, container, [:])
            return lines.count == 51 ? lines : nil
        }
        #expect(all.filter { $0.stream == "stdout" }.map(\.text) == (1...50).map(String.init))
        #expect(all.filter { $0.stream == "stderr" }.map(\.text) == ["err"])
        #expect(Set(all.map(\.stream)) == ["stdout", "stderr"])
        return (container, all)
    }

    static func logs(_ test: TestContext, _ container: TestContainer, _ query: KeyValuePairs<String, String>)
        async throws -> [LogLineView]
    {
        let response = try await test.client.send(.get, api("containers/\(container.id)/logs"), query: query)
        expectStatus(response, .ok)
        let view = try response.decode(LogsView.self)
        #expect(view.container == container.id)
        #expect(view.engine == engineName)
        return view.lines
    }

    @Test func tailReturnsTheLastLinesInOrderWithStreamsAndTimestamps() async throws {
        try await withCapstan { test in
            let (container, all) = try await Self.writeLog(test)
            let lines = try await Self.logs(test, container, ["tail": "10"])
            #expect(lines == Array(all.suffix(10)))
            #expect(lines.contains { $0.text == "50" && $0.stream == "stdout" })
            let stdout = lines.filter { $0.stream == "stdout" }.compactMap { Int($0.text) }
            #expect(stdout == (0..<stdout.count).map { 51 - stdout.count + $0 }, "the last stdout lines, in order: \(lines)")

            let times = lines.map { $0.ts.flatMap(DockerTimestamp.init(rfc3339:)) }
            #expect(!times.contains(nil), "every line has an RFC 3339 ts: \(lines.map(\.ts))")
            #expect(lines.allSatisfy { $0.ts?.count == 30 && $0.ts?.hasSuffix("Z") == true }, "nine fraction digits, UTC")
            let stdoutTimes = zip(lines, times).filter { $0.0.stream == "stdout" }.compactMap(\.1)
            #expect(stdoutTimes == stdoutTimes.sorted(), "oldest first")
        }
    }

    @Test func timestampsAndStreamsCanBeLeftOut() async throws {
        try await withCapstan { test in
            let (container, all) = try await Self.writeLog(test)

            let plain = try await Self.logs(test, container, ["timestamps": "0", "tail": "3"])
            #expect(plain.map(\.text) == all.suffix(3).map(\.text))
            #expect(plain.map(\.stream) == all.suffix(3).map(\.stream))
            #expect(plain.allSatisfy { $0.ts == nil })
            let raw = try await test.client.send(
                .get, api("containers/\(container.id)/logs"), query: ["timestamps": "0", "tail": "1"]
            ).json()
            #expect(raw["lines"][0]["ts"].isNull, "no ts (absent or null) without timestamps")
            #expect(raw["lines"][0]["text"].string == all.last?.text)

            let stderr = try await Self.logs(test, container, ["stdout": "0"])
            #expect(stderr.map(\.text) == ["err"])
            #expect(stderr.map(\.stream) == ["stderr"])

            let stdout = try await Self.logs(test, container, ["stderr": "false"])
            #expect(stdout.map(\.text) == (1...50).map(String.init))
            #expect(Set(stdout.map(\.stream)) == ["stdout"])
        }
    }

    @Test func sinceAndUntilNarrowToATimeWindow() async throws {
        try await withCapstan { test in
            let (container, all) = try await Self.writeLog(test)
            let stamped = try all.map { line in
                (text: line.text, stream: line.stream, time: try #require(line.ts.flatMap(DockerTimestamp.init(rfc3339:))))
            }
            let from = try #require(stamped.first { $0.text == "20" }?.time)
            let to = try #require(stamped.first { $0.text == "30" }?.time)
            try #require(from < to, "seq's lines 20 and 30 carry different times")

            // `until` stops the engine's read at the first entry past it *in file order*, and a stderr
            // line can be stored after stdout lines stamped later than it (seen: `err` stamped between
            // 20 and 30, stored after 50). So the window is checked on one stream, whose order is its
            // time order. Lines strictly inside must come back, lines strictly outside must not; a line
            // sharing a bound's exact nanosecond may go either way.
            let stdout = stamped.filter { $0.stream == "stdout" }
            let inside = stdout.filter { $0.time > from && $0.time < to }.map(\.text)
            let outside = stdout.filter { $0.time < from || $0.time > to }.map(\.text)
            let window = try await Self.logs(
                test, container, ["since": from.rfc3339, "until": to.rfc3339, "stderr": "0"]
            ).map(\.text)
            #expect(window.contains("21") && window.contains("29"))
            #expect(Set(inside).isSubset(of: window))
            #expect(Set(outside).isDisjoint(with: window), "window: \(window)")

            // `since` alone skips what is older, whatever the order: both streams. Unix seconds with a
            // nine-digit fraction name the same instant as the RFC 3339 form.
            let later = try await Self.logs(test, container, ["since": to.queryValue]).map(\.text)
            #expect(Set(stamped.filter { $0.time > to }.map(\.text)).isSubset(of: later))
            #expect(Set(stamped.filter { $0.time < to }.map(\.text)).isDisjoint(with: later), "later: \(later)")
            #expect(later.contains("50") && !later.contains("20"))
        }
    }

    @Test func badLogParametersAre400() async throws {
        try await withCapstan { test in
            let container = try await test.createContainer("logparams")
            for (name, value) in [("tail", "-1"), ("tail", "100000000"), ("since", "yesterday"), ("timestamps", "x")] {
                let response = try await test.client.send(.get, api("containers/\(container.id)/logs"), query: [name: value])
                expectError(response, .badRequest, code: "bad_request", field: name)
            }
        }
    }
}
