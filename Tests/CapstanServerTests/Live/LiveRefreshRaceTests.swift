import CapstanWire
import Testing

/// The refresh after an event reads the engine's list; what the hub does when that answer arrives after
/// the container is gone, or never arrives. The proxy holds the answer to force the order the real engine
/// gives only now and then (it showed as a lifecycle test waiting for `removed` in loaded CI runs), or
/// drops it as a restarting engine or a timed-out request does.
@Suite(.timeLimit(.minutes(3)))
struct LiveRefreshRaceTests {
    @Test func aContainerDestroyedWhileItsRowIsBeingReadStaysRemoved() async throws {
        try await Self.withListClientBehindProxy { proxy, server, client in
            let container = try await server.runContainer("ghost")
            let id = container.id
            _ = try await client.wait("running") { $0.latest("list", id)?.state == "running" ? true : nil }
            try await server.settled(id)

            // The pause's refresh asks for the row; the engine answers, and the proxy keeps the answer.
            proxy.hold { $0.contains("/containers/json") && $0.contains(String(id.prefix(12))) }
            try await server.docker.pauseContainer(id)
            _ = try await eventually("the refresh's answer is held") { proxy.heldCount > 0 ? true : nil }
            try await server.docker.removeContainer(id, force: true)
            _ = try await client.wait("removed") { $0.changes("list", of: id).last?.change == "removed" ? true : nil }

            // Now the old answer arrives. Refreshes run one after another: once a later container's
            // refresh is done, so is this one.
            proxy.releaseHeld()
            let witness = try await server.createContainer("witness")
            try await server.settled(witness.id, "the witness's refresh is done")
            try await client.ping("after")
            #expect(client.transcript.changes("list", of: id).last?.change == "removed", "the stale row brought the container back")
            #expect(server.engine.resolve(id) == nil)
        }
    }

    @Test func aContainerReadForARequestWhileItIsDestroyedIsNotAddedBack() async throws {
        try await Self.withListClientBehindProxy { proxy, server, client in
            try await client.subscribe(.subscribeEvents(SubscribeEvents(id: "e", sub: "events", types: ["container"])), id: "e")
            // From here the hub hears nothing from the engine's event stream, and list answers wait.
            proxy.hold { $0.contains("/events") || $0.contains("/containers/json") }
            let container = try await server.createContainer("late")
            let id = container.id
            _ = try await eventually("the create event is held") { proxy.heldCount > 0 ? true : nil }
            #expect(server.engine.resolve(id) == nil)

            // A request names a container the hub has not heard of: the hub reads it from the engine,
            // and the proxy keeps the list's answer.
            client.send(.subscribeLogs(SubscribeLogs(id: "l", sub: "logs", containers: [id], tail: 0)))
            _ = try await eventually("the read's list answer is held") { proxy.heldCount > 1 ? true : nil }
            try await server.docker.removeContainer(id, force: true)

            // The hub hears of the create and the destroy first, then the read's answer arrives.
            proxy.hold { $0.contains("/containers/json") }
            proxy.releaseHeld { $0.contains("/events") }
            _ = try await client.wait("the destroy event") { transcript in
                transcript.events("events").contains { $0.objectID == id && $0.action == "destroy" } ? true : nil
            }
            _ = try await client.wait("removed") { $0.changes("list", of: id).last?.change == "removed" ? true : nil }
            proxy.releaseHeld()
            _ = try await client.wait("the answer to the logs request") { $0.reply(to: "l") }
            try await client.ping("after")
            #expect(client.transcript.changes("list", of: id).last?.change == "removed", "the read brought the container back")
            #expect(server.engine.resolve(id) == nil)
        }
    }

    @Test func aRefreshWhoseReadFailsIsReadAgain() async throws {
        try await Self.withListClientBehindProxy { proxy, server, client in
            let container = try await server.createContainer("retried")
            let id = container.id
            _ = try await client.wait("created") { $0.latest("list", id)?.state == "created" ? true : nil }
            try await server.settled(id)

            // The start's refresh reads the row, then inspects it for the start time; the list's answer is
            // dropped and its connection closed: the read fails.
            let isListOfIt: @Sendable (String) -> Bool = { $0.contains("/containers/json") && $0.contains(String(id.prefix(12))) }
            proxy.hold(isListOfIt)
            try await server.docker.startContainer(id)
            _ = try await eventually("the refresh's answer is held") { proxy.heldCount > 0 ? true : nil }
            proxy.failHeld()

            // The hub reads the row again: the start time comes from the inspect that follows that read.
            _ = try await client.wait("the start time") { $0.latest("list", id)?.startedAt != nil ? true : nil }
            try await server.settled(id)
            #expect(proxy.requests.filter { isListOfIt($0.line) }.count >= 2, "the list was read again")
            #expect(client.transcript.latest("list", id)?.state == "running")
        }
    }

    /// A server behind the counting proxy, with a client subscribed to the container list as `list`.
    private static func withListClientBehindProxy(
        _ body: @escaping @Sendable (CountingEngineProxy, LiveServer, LiveClient) async throws -> Void
    ) async throws {
        try await CountingEngineProxy.withProxy(inFrontOf: try TestEngine.host()) { proxy in
            try await withLiveServer(engineHost: try proxy.host) { server in
                try await server.withClient { client in
                    try await client.subscribe(.subscribeContainers(SubscribeContainers(id: "r", sub: "list", engine: "local")), id: "r")
                    try await body(proxy, server, client)
                }
            }
        }
    }
}
