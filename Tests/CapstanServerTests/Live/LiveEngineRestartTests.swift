import CapstanWire
import DockerEngine
import Testing

/// The engine going away is normal: killed mid-test and started again, it is reported down, then up,
/// and the list is right afterwards.
@Suite(.timeLimit(.minutes(5)))
struct LiveEngineRestartTests {
    /// The list as a client knows it: its snapshot with every delta applied.
    static func clientList(_ transcript: LiveTranscript, sub: String) -> [String: ContainerView] {
        var list: [String: ContainerView] = [:]
        guard let initial = transcript.initialStates(sub).last else { return list }
        for container in initial.containers ?? [] { list[container.id] = container }
        for change in transcript.changes[sub] ?? [] where change.seq > initial.seq {
            list[change.containerID] = change.container
        }
        return list
    }

    @Test func anEngineKilledAndStartedAgainIsReportedDownThenUpWithACorrectList() async throws {
        let image = try TestEngine.image()
        try await PrivateEngine.withEngine(image: image) { engine in
            let host = try engine.host
            try await withLiveServer(engineHost: host, dockerHost: host) { configuration in
                configuration.hub.initialBackoff = .milliseconds(100)
                configuration.hub.maximumBackoff = .milliseconds(500)
            } _: { server in
                let running = try await server.runContainer("survivor")
                let created = try await server.createContainer("idle")
                try await server.withClient { client in
                    try await client.subscribe(.subscribeContainers(SubscribeContainers(id: "c", sub: "list")), id: "c")
                    try await client.subscribe(.subscribeEvents(SubscribeEvents(id: "e", sub: "events", types: ["container"])), id: "e")
                    _ = try await client.wait("the running container") { transcript in
                        Self.clientList(transcript, sub: "list")[running.id]?.state == "running" ? true : nil
                    }
                    let statusesBefore = client.transcript.engineStatuses.count

                    try await engine.kill()
                    let down = try await client.wait("the engine reported unavailable") { transcript in
                        transcript.engineStatuses.dropFirst(statusesBefore).first { $0.status != "up" }
                    }
                    #expect(down.engine == "local" && ["down", "reconnecting"].contains(down.status) && down.error?.isEmpty == false)
                    // A client connecting meanwhile is told at once.
                    try await server.withClient("meanwhile") { meanwhile in
                        guard case .welcome(let welcome) = meanwhile.transcript.messages.first else { throw LiveTestFailure("no welcome") }
                        #expect(welcome.engines.first.map { $0.status != "up" } == true, "\(welcome.engines)")
                    }

                    try await engine.restart()
                    _ = try await client.wait("the engine reported up again", timeout: .seconds(60)) { transcript in
                        transcript.engineStatuses.dropFirst(statusesBefore).last?.status == "up" ? true : nil
                    }
                    let statuses = client.transcript.engineStatuses.dropFirst(statusesBefore).map(\.status)
                    #expect(statuses.first != "up" && statuses.last == "up", "\(statuses)")
                    #expect(client.transcript.messages.filter { if case .engineStatus = $0 { true } else { false } }.count == client.transcript.engineStatuses.count)

                    // The list is the engine's: the engine stopped what ran when it died, and kept the rest.
                    let truth = Dictionary(
                        uniqueKeysWithValues: try await server.docker.listContainers(all: true).map { ($0.id, $0.state) }
                    )
                    #expect(truth[running.id] == "exited" && truth[created.id] == "created", "\(truth)")
                    _ = try await client.wait("the client's list equal to the engine's") { transcript in
                        Self.clientList(transcript, sub: "list").mapValues(\.state) == truth ? true : nil
                    }
                    let seqs = (client.transcript.changes["list"] ?? []).map(\.seq)
                    #expect(client.transcript.initialStates("list").count == 1 && areConsecutive(seqs), "one numbering across the restart: \(seqs)")

                    // Live again: new engine events reach the client.
                    try await server.docker.startContainer(created.id)
                    _ = try await client.wait("a start after the restart") { transcript in
                        Self.clientList(transcript, sub: "list")[created.id]?.state == "running"
                            && transcript.events("events").contains { $0.objectID == created.id && $0.action == "start" } ? true : nil
                    }
                }
            }
        }
    }
}
