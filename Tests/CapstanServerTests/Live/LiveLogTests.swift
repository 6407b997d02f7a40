import CapstanWire
import Foundation
import LiveHub
import Testing

/// `subscribe_logs`: one upstream per container, history then live lines, resume, filters, merged streams.
@Suite(.timeLimit(.minutes(4)))
struct LiveLogTests {
    /// `line 1`, `line 2`, … every 20 ms.
    static let counterScript = #"trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "line $i"; sleep 0.02; done"#
    /// `tick N even` on stdout and `tick N odd` on stderr, alternately, every 50 ms.
    static let tickScript = #"""
        trap "exit 0" TERM; i=0
        while true; do i=$((i+1)); if [ $((i % 2)) -eq 0 ]; then echo "tick $i even"; else echo "tick $i odd" >&2; fi; sleep 0.05; done
        """#

    /// The number in `line N`.
    static func number(_ line: LiveLogLine) -> Int64? { line.text.split(separator: " ").last.flatMap { Int64($0) } }

    @Test func twoHundredViewersOfOneContainerShareOneUpstreamStream() async throws {
        try await CountingEngineProxy.withProxy(inFrontOf: try TestEngine.host()) { proxy in
            try await withLiveServer(engineHost: try proxy.host) { configuration in
                configuration.hub.maxViewersPerContainer = 200
                configuration.hub.logGrace = .milliseconds(300)
                configuration.live.maxConnectionsPerAddress = 30
            } configureAuth: { auth in
                // Twenty connections of one user from one address: both limits raised for this test only.
                auth.maxConnectionsPerUser = 30
            } _: { server in
                let container = try await server.runContainer("fanout", script: Self.tickScript)
                // Four kinds of viewers: everything, a substring, a regular expression, one stream.
                let filters: [(contains: String?, regex: String?, stream: String?)] = [
                    (nil, nil, nil), ("odd", nil, nil), (nil, #"^tick [0-9]*[05] "#, nil), (nil, nil, "stdout"),
                ]
                try await server.withClients(20, label: "viewer") { clients in
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for client in clients {
                            group.addTask {
                                for index in 0..<10 {
                                    let filter = filters[index % filters.count]
                                    let request = SubscribeLogs(
                                        id: "r\(index)", sub: "v\(index)", containers: [container.name], tail: 5,
                                        contains: filter.contains, regex: filter.regex, stream: filter.stream
                                    )
                                    try await client.subscribe(.subscribeLogs(request), id: "r\(index)")
                                }
                            }
                        }
                        try await group.waitForAll()
                    }
                    for client in clients {
                        _ = try await client.wait("three lines on every subscription") { transcript in
                            (0..<10).allSatisfy { (transcript.lines["v\($0)"]?.count ?? 0) >= 3 } ? true : nil
                        }
                    }
                    #expect(proxy.followLogRequests(container.id).count == 1, "\(proxy.followLogRequests(container.id).map { $0.line })")
                    #expect(proxy.openFollowLogStreams(container.id) == 1)
                    #expect(server.engine.upstreamCounts.logs == 1)

                    // Each viewer got only what its filter lets through, filtered on the server.
                    let regex = try NSRegularExpression(pattern: #"^tick [0-9]*[05] "#)
                    for client in clients {
                        let lines = client.transcript.lines
                        for index in 0..<10 {
                            let got = lines["v\(index)"] ?? []
                            #expect(got.allSatisfy { $0.container == container.shortID && $0.name == container.name })
                            if index % 4 == 0 { #expect(areConsecutive(got.compactMap(Self.number)), "unfiltered: every line") }
                            switch index % 4 {
                            case 1: #expect(got.allSatisfy { $0.text.contains("odd") && $0.stream == "stderr" })
                            case 2:
                                #expect(got.allSatisfy { regex.firstMatch(in: $0.text, range: NSRange($0.text.startIndex..., in: $0.text)) != nil })
                            case 3: #expect(got.allSatisfy { $0.stream == "stdout" && $0.text.hasSuffix("even") })
                            default: #expect(Set(got.map(\.stream)) == ["stdout", "stderr"])
                            }
                        }
                    }
                    // The 201st viewer is refused; the connection goes on.
                    let extra = try await clients[0].request(
                        .subscribeLogs(SubscribeLogs(id: "r-extra", sub: "extra", containers: [container.id])), id: "r-extra"
                    )
                    guard case .error(let refusal) = extra else { throw LiveTestFailure("a 201st viewer was accepted: \(extra)") }
                    #expect(refusal.code == "limit_reached" && refusal.sub == "extra")
                    try await clients[0].ping("after-refusal")
                }
                // Everyone left: the one upstream closes after the grace period, and no other was ever opened.
                try await eventually("the upstream log stream closed") {
                    proxy.openFollowLogStreams(container.id) == 0 && server.engine.upstreamCounts.logs == 0 ? true : nil
                }
                #expect(proxy.followLogRequests(container.id).count == 1)
            }
        }
    }

    @Test func aLateJoinerGetsHistoryThenLiveLinesWithoutGapOrDuplicate() async throws {
        // A small ring, so the late joiner's history is partly older than the ring (fetched from the engine).
        try await withLiveServer(configure: { $0.hub.logRingCapacity = 50 }) { server in
            let container = try await server.runContainer("late", script: Self.counterScript)
            try await server.withClient("early") { early in
                try await early.subscribe(.subscribeLogs(SubscribeLogs(id: "e", sub: "logs", containers: [container.id], tail: 0)), id: "e")
                _ = try await early.wait("150 lines") { ($0.lines["logs"]?.count ?? 0) >= 150 ? true : nil }
                try await server.withClient("late") { late in
                    try await late.subscribe(
                        .subscribeLogs(SubscribeLogs(id: "l", sub: "logs", containers: [container.name], tail: 120)), id: "l"
                    )
                    let snapshots = late.transcript.logSnapshots("logs")
                    #expect(snapshots.count == 1 && snapshots.first?.id == "l")
                    #expect(snapshots.first?.lines.count == 120)
                    let lines = try await late.wait("50 live lines after the history") { transcript in
                        let lines = transcript.lines["logs"] ?? []
                        return lines.count >= 170 ? lines : nil
                    }
                    #expect(areConsecutive(lines.map(\.seq)), "seqs: \(lines.map(\.seq))")
                    #expect(areConsecutive(lines.compactMap(Self.number)), "texts: \(lines.map(\.text))")
                    // One numbering for everyone: the same seq is the same line for both clients.
                    let offsets = Set((lines + (early.transcript.lines["logs"] ?? [])).compactMap { line in Self.number(line).map { $0 - line.seq } })
                    #expect(offsets.count == 1, "seq and line number differ by one constant: \(offsets)")
                    #expect(late.transcript.logGaps("logs").isEmpty)
                }
            }
        }
    }

    @Test func resumeAfterAForcedDisconnectDeliversExactlyTheMissedLines() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("resume-logs", script: Self.counterScript)
            try await server.withClient("witness") { witness in
                try await witness.subscribe(.subscribeLogs(SubscribeLogs(id: "w", sub: "w", containers: [container.id], tail: 0)), id: "w")
                let lastSeen: Int64 = try await server.withClient("first") { first in
                    try await first.subscribe(.subscribeLogs(SubscribeLogs(id: "a", sub: "logs", containers: [container.id], tail: 0)), id: "a")
                    let lines = try await first.wait("10 lines") { ($0.lines["logs"]?.count ?? 0) >= 10 ? $0.lines["logs"] : nil }
                    first.disconnect()
                    _ = try await first.closed()
                    return try #require(lines.last).seq
                }
                _ = try await witness.wait("30 lines written while the client was away") { transcript in
                    (transcript.lines["w"]?.last?.seq ?? 0) >= lastSeen + 30 ? true : nil
                }
                try await server.withClient("second") { second in
                    try await second.subscribe(
                        .subscribeLogs(
                            SubscribeLogs(id: "b", sub: "logs", containers: [container.id], tail: 500, resume: [container.shortID: lastSeen])
                        ), id: "b"
                    )
                    let missed = try #require(second.transcript.logSnapshots("logs").first)
                    #expect(missed.lines.first?.seq == lastSeen + 1, "the snapshot starts right after the last line seen, not at `tail`")
                    #expect(missed.lines.count >= 30)
                    let lines = try await second.wait("20 live lines") { transcript in
                        let lines = transcript.lines["logs"] ?? []
                        return lines.count >= missed.lines.count + 20 ? lines : nil
                    }
                    #expect(areConsecutive(lines.map(\.seq)))
                    #expect(second.transcript.logGaps("logs").isEmpty)
                    let byWitness = Dictionary((witness.transcript.lines["w"] ?? []).map { ($0.seq, $0.text) }) { first, _ in first }
                    #expect(lines.allSatisfy { byWitness[$0.seq] == nil || byWitness[$0.seq] == $0.text }, "the same seq is the same line")
                }
            }
        }
    }

    @Test func resumeOlderThanTheRingGetsACountedGapThenTheRing() async throws {
        try await withLiveServer(configure: { $0.hub.logRingCapacity = 20 }) { server in
            let container = try await server.runContainer("gap-logs", script: Self.counterScript)
            try await server.withClient("witness") { witness in
                try await witness.subscribe(.subscribeLogs(SubscribeLogs(id: "w", sub: "w", containers: [container.id], tail: 0)), id: "w")
                let lastSeen = try #require(try await witness.wait("5 lines") { ($0.lines["w"]?.count ?? 0) >= 5 ? $0.lines["w"] : nil }.last).seq
                _ = try await witness.wait("60 more lines") { ($0.lines["w"]?.last?.seq ?? 0) >= lastSeen + 60 ? true : nil }
                try await server.withClient("late") { late in
                    try await late.subscribe(
                        .subscribeLogs(SubscribeLogs(id: "b", sub: "logs", containers: [container.id], resume: [container.shortID: lastSeen])),
                        id: "b"
                    )
                    let messages = late.transcript.messages(of: "logs")
                    guard case .logGap(let gap) = messages.first, case .logSnapshot(let ring) = messages.dropFirst().first else {
                        throw LiveTestFailure("expected log_gap then log_snapshot, got \(messages.prefix(2))")
                    }
                    let ringFirst = try #require(ring.lines.first).seq
                    #expect(ring.lines.count == 20)
                    #expect(gap.ranges == [container.shortID: [lastSeen + 1, ringFirst - 1]])
                    #expect(gap.missed == Int(ringFirst - lastSeen - 1))
                    let lines = try await late.wait("10 live lines") { ($0.lines["logs"]?.count ?? 0) >= 30 ? $0.lines["logs"] : nil }
                    #expect(areConsecutive(lines.map(\.seq)))
                }
            }
        }
    }

    @Test func resumeAfterTheTailWasStoppedKeepsItsNumbering() async throws {
        // The only viewer goes away for longer than the grace period: the upstream stops, and a later
        // resume must still mean the same lines.
        try await withLiveServer(configure: { $0.hub.logGrace = .milliseconds(100) }) { server in
            let container = try await server.runContainer("restart-tail", script: Self.counterScript)
            let seen: [LiveLogLine] = try await server.withClient("first") { first in
                try await first.subscribe(.subscribeLogs(SubscribeLogs(id: "a", sub: "logs", containers: [container.id], tail: 0)), id: "a")
                return try await first.wait("20 lines") { ($0.lines["logs"]?.count ?? 0) >= 20 ? $0.lines["logs"] : nil }
            }
            try await eventually("the tail stopped") { server.engine.upstreamCounts.logs == 0 ? true : nil }
            let last = try #require(seen.last)
            try await server.withClient("second") { second in
                try await second.subscribe(
                    .subscribeLogs(SubscribeLogs(id: "b", sub: "logs", containers: [container.id], resume: [container.shortID: last.seq])),
                    id: "b"
                )
                let lines = try await second.wait("20 lines") { ($0.lines["logs"]?.count ?? 0) >= 20 ? $0.lines["logs"] : nil }
                let gaps = second.transcript.logGaps("logs")
                #expect(gaps.isEmpty, "the ring of the new tail holds everything since: \(gaps)")
                #expect(lines.first.flatMap(Self.number) == Self.number(last).map { $0 + 1 }, "first line after resume: \(lines.first?.text ?? "-"), last seen: \(last.text)")
                #expect(lines.first?.seq == last.seq + 1)
                #expect(Set((seen + lines).compactMap { line in Self.number(line).map { $0 - line.seq } }).count == 1)
            }
        }
    }

    @Test func aBurstOfLinesArrivesInBatchesNotOneFramePerLine() async throws {
        // A wide window, so that the engine's pace on a loaded machine cannot decide the outcome.
        try await withLiveServer(configure: { $0.hub.logBatchWindow = .milliseconds(50) }) { server in
            // 300 lines a fraction of a millisecond apart: each is its own read from the engine.
            let script = #"trap "exit 0" TERM; while [ ! -e /tmp/go ]; do sleep 0.05; done; i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo "line $i"; usleep 300; done; echo done; while true; do sleep 1; done"#
            let container = try await server.runContainer("burst", script: #"trap "touch /tmp/go" USR1; "# + script)
            try await server.withClient { client in
                try await client.subscribe(.subscribeLogs(SubscribeLogs(id: "r", sub: "logs", containers: [container.id], tail: 0)), id: "r")
                _ = try await server.docker.killContainer(container.id, signal: "USR1")
                let lines = try await client.wait("every line") { transcript in
                    transcript.lines["logs"]?.last?.text == "done" ? transcript.lines["logs"] : nil
                }
                #expect(lines.dropLast().compactMap(Self.number) == Array(1...300))
                #expect(areConsecutive(lines.map(\.seq)))
                let frames = client.transcript.messages.filter { if case .newLogs = $0 { true } else { false } }.count
                #expect(frames * 4 <= lines.count, "\(frames) frames for \(lines.count) lines")
            }
        }
    }

    @Test func aContainerStoppedAndStartedAgainKeepsItsTailWithoutRepeats() async throws {
        try await withLiveServer { server in
            let container = try await server.runContainer("stop-start", script: Self.counterScript)
            try await server.withClient { client in
                try await client.subscribe(.subscribeLogs(SubscribeLogs(id: "r", sub: "logs", containers: [container.id], tail: 1000)), id: "r")
                let before = try await client.wait("10 lines") { ($0.lines["logs"]?.count ?? 0) >= 10 ? $0.lines["logs"] : nil }
                try await server.docker.stopContainer(container.id, timeout: 5)
                try await server.docker.startContainer(container.id)
                // The script counts from 1 again: `line 1` a second time is the new run.
                let lines = try await client.wait("10 lines of the second run") { transcript -> [LiveLogLine]? in
                    let lines = transcript.lines["logs"] ?? []
                    let restarts = lines.indices.filter { lines[$0].text == "line 1" }
                    guard restarts.count == 2, lines.count >= restarts[1] + 10 else { return nil }
                    return lines
                }
                #expect(lines.count > before.count)
                #expect(areConsecutive(lines.map(\.seq)), "one numbering across the stop")
                #expect(client.transcript.logGaps("logs").isEmpty && client.transcript.logEnds("logs").isEmpty)
                // Exactly the engine's log, in its order: nothing repeated, nothing lost.
                let engine = try await server.docker.logs(container.id).map { "\($0.timestamp?.rfc3339 ?? "-") \($0.text)" }
                let got = lines.map { "\($0.ts ?? "-") \($0.text)" }
                #expect(Array(engine.prefix(got.count)) == got)
            }
        }
    }
}
