import CapstanWire
import DockerEngine
import Testing

/// `subscribe_stats` (history, then a sample a second, one upstream) and `subscribe_events` (filters).
@Suite(.timeLimit(.minutes(3)))
struct LiveStatsAndEventsTests {
    @Test func statsViewersShareOneStreamAndGetHistoryThenASampleASecond() async throws {
        try await CountingEngineProxy.withProxy(inFrontOf: try TestEngine.host()) { proxy in
            try await withLiveServer(engineHost: try proxy.host) { server in
                let container = try await server.runContainer("stats")
                try await server.withClients(3, label: "watcher") { clients in
                    for client in clients {
                        try await client.subscribe(.subscribeStats(SubscribeStats(id: "r", sub: "cpu", container: container.name)), id: "r")
                        let messages = client.transcript.messages(of: "cpu")
                        guard case .statsHistory(let history) = messages.first else { throw LiveTestFailure("no stats_history first: \(messages)") }
                        #expect(history.id == "r" && history.engine == "local" && history.container == container.shortID)
                    }
                    for client in clients {
                        _ = try await client.wait("three samples", timeout: .seconds(30)) { $0.stats("cpu").count >= 3 ? true : nil }
                    }
                    #expect(proxy.statsStreamRequests(container.id).count == 1, "\(proxy.statsStreamRequests(container.id).map { $0.line })")
                    #expect(server.engine.upstreamCounts.stats == 1)

                    let samples = clients[0].transcript.stats("cpu")
                    #expect(samples.allSatisfy { $0.container == container.shortID && $0.sample.running && $0.sample.pids >= 1 })
                    #expect(samples.allSatisfy { $0.sample.memoryUsage > 0 && $0.sample.memoryLimit >= $0.sample.memoryUsage })
                    let times = samples.compactMap { $0.sample.ts.flatMap(DockerTimestamp.init(rfc3339:))?.date.timeIntervalSince1970 }
                    #expect(times.count == samples.count)
                    // About one a second (generous bounds: the test machine is shared and slow).
                    for (earlier, later) in zip(times, times.dropFirst()) {
                        #expect(later - earlier > 0.4 && later - earlier < 3.5, "samples \(later - earlier) s apart")
                    }
                    // The same samples for every viewer: one stream, fanned out. (The first client's first samples
                    // can predate the others' subscriptions; its latest one reached all three.)
                    let firstSample = try #require(samples.last).sample
                    for client in clients.dropFirst() {
                        _ = try await client.wait("the first client's latest sample") { transcript in
                            transcript.stats("cpu").contains { $0.sample == firstSample } ? true : nil
                        }
                    }

                    // A late viewer gets the history at once, without a second stream.
                    try await server.withClient("late") { late in
                        try await late.subscribe(.subscribeStats(SubscribeStats(id: "l", sub: "cpu", container: container.id)), id: "l")
                        guard case .statsHistory(let history) = late.transcript.messages(of: "cpu").first else {
                            throw LiveTestFailure("no stats_history")
                        }
                        #expect(history.samples.count >= 3)
                        #expect(history.samples.contains(firstSample))
                        #expect(proxy.statsStreamRequests(container.id).count == 1)
                    }
                }
            }
        }
    }

    @Test func eventSubscriptionsAreFilteredByTypeActionAndObject() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                let container = try await server.createContainer(
                    "events", script: LiveContainerListTests.healthScript, healthcheck: LiveContainerListTests.healthcheck
                )
                try await client.subscribe(
                    .subscribeEvents(SubscribeEvents(id: "a", sub: "lifecycle", types: ["container"], actions: ["start", "die"], object: container.name)),
                    id: "a"
                )
                try await client.subscribe(.subscribeEvents(SubscribeEvents(id: "b", sub: "quiet", object: container.id)), id: "b")
                try await client.subscribe(
                    .subscribeEvents(SubscribeEvents(id: "c", sub: "exec", types: ["container"], object: container.name, includeExec: true)),
                    id: "c"
                )
                try await client.subscribe(.subscribeEvents(SubscribeEvents(id: "d", sub: "images", types: ["image"], object: container.name)), id: "d")

                try await server.docker.startContainer(container.id)
                _ = try await client.wait("healthcheck exec events") { transcript in
                    transcript.events("exec").contains { $0.action.hasPrefix("exec_die") } ? true : nil
                }
                // The engine reports the health after the probe's exec has ended.
                _ = try await client.wait("healthy") { $0.events("quiet").contains { $0.action == "health_status: healthy" } ? true : nil }
                try await server.docker.stopContainer(container.id, timeout: 5)
                _ = try await client.wait("start and die") { $0.events("lifecycle").count >= 2 ? true : nil }
                // The engine may deliver `die` after `stop` (it stamps events before publishing them): wait for both.
                _ = try await client.wait("die and stop") { transcript in
                    let actions = transcript.events("quiet").map(\.action)
                    return actions.contains("stop") && actions.contains("die") ? true : nil
                }

                let transcript = client.transcript
                let lifecycle = transcript.events("lifecycle")
                #expect(lifecycle.map(\.action) == ["start", "die"])
                let start = try #require(lifecycle.first)
                #expect(start.engine == "local" && start.objectType == "container" && start.objectID == container.id)
                #expect(start.name == container.name)
                #expect(start.attributes["capstan.test"] == "1" && start.attributes["image"] == server.scope.image)
                #expect(start.timeNano > 0 && start.dropped == nil)
                #expect(lifecycle.last?.attributes["exitCode"] == "0")

                let quiet = transcript.events("quiet").map(\.action)
                // A server that just started replays the engine's events from the moment it connected: the create
                // of the container, a moment before the subscription, can come first.
                #expect(quiet.drop { $0 == "create" }.starts(with: ["start"]), "\(quiet)")
                #expect(quiet.contains("health_status: healthy") && quiet.contains("die"), "\(quiet)")
                #expect(!quiet.contains { $0.hasPrefix("exec_") }, "healthcheck execs are filtered out by default: \(quiet)")
                #expect(transcript.events("exec").contains { $0.action.hasPrefix("exec_start") })
                #expect(transcript.events("images").isEmpty)
            }
        }
    }
}
