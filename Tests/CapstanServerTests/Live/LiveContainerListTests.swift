import CapstanWire
import DockerEngine
import LiveHub
import Testing

/// `subscribe_containers`: the snapshot, the `status_change` deltas an engine's events cause, and resume.
@Suite(.timeLimit(.minutes(4)))
struct LiveContainerListTests {
    /// Healthy while /tmp/ok exists; SIGUSR1 makes the container's own script remove it.
    static let healthScript = #"touch /tmp/ok; trap "rm -f /tmp/ok" USR1; trap "exit 0" TERM; while true; do sleep 0.1; done"#
    static let healthcheck = ContainerCreateRequest.Healthcheck(
        test: ["CMD-SHELL", "test -e /tmp/ok"], interval: 1_000_000_000, timeout: 2_000_000_000, retries: 1
    )

    @Test func aContainersLifeArrivesAsOrderedDeltasWithConsecutiveSeq() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                try await client.subscribe(
                    .subscribeContainers(SubscribeContainers(id: "r1", sub: "list", engine: "local")), id: "r1"
                )
                let initial = try #require(client.transcript.initialState("list"), "the snapshot comes before the ok")
                #expect(initial.id == "r1")
                #expect(initial.engine == "local")
                #expect(!initial.resumed && !initial.resyncRequired && initial.changes == nil && initial.containers != nil)
                // Exec events of the healthcheck, to show they cause no delta.
                try await client.subscribe(
                    .subscribeEvents(SubscribeEvents(id: "r2", sub: "exec", includeExec: true)), id: "r2"
                )

                let container = try await server.createContainer("lifecycle", script: Self.healthScript, healthcheck: Self.healthcheck)
                let id = container.id
                func waitFor(_ what: String, _ condition: @escaping @Sendable (ContainerView) -> Bool) async throws {
                    _ = try await client.wait("\(container.name): \(what)") { transcript in
                        transcript.latest("list", id).map(condition) == true ? true : nil
                    }
                }
                try await waitFor("created") { $0.state == "created" }
                try await server.docker.startContainer(id)
                try await waitFor("healthy") { $0.state == "running" && $0.health == "healthy" }

                // Probes keep running (exec events every second) without a delta for this container, once the
                // refresh after the `health_status` event has landed (and been sent: a ping after it).
                @Sendable func probes(_ transcript: LiveTranscript) -> Int {
                    transcript.events("exec").filter { $0.objectID == id && $0.action.hasPrefix("exec_die") }.count
                }
                try await server.settled(id)
                try await client.ping("settled")
                let settled = probes(client.transcript)
                let deltasWhileHealthy = client.transcript.changes("list", of: id).count
                _ = try await client.wait("three more healthcheck probes") { probes($0) >= settled + 3 ? true : nil }
                #expect(client.transcript.changes("list", of: id).count == deltasWhileHealthy, "healthcheck execs caused deltas")

                try await server.docker.stopContainer(id, timeout: 5)
                try await waitFor("exited") { $0.state == "exited" }
                try await server.docker.startContainer(id)
                try await waitFor("running again") { $0.state == "running" }
                let beforeRestart = client.transcript.changes("list", of: id).count
                try await server.docker.restartContainer(id, timeout: 5)
                _ = try await client.wait("restart: exited, then running") { transcript in
                    let states = collapsed(transcript.changes("list", of: id).dropFirst(beforeRestart).compactMap { $0.container?.state })
                    // The refresh of the start before may still land first, as a change of the running row.
                    return states.drop { $0 == "running" }.starts(with: ["exited", "running"]) ? true : nil
                }
                try await server.docker.pauseContainer(id)
                try await waitFor("paused") { $0.state == "paused" }
                try await server.docker.unpauseContainer(id)
                try await waitFor("unpaused and healthy") { $0.state == "running" && $0.health == "healthy" }
                try await server.docker.killContainer(id, signal: "USR1")
                try await waitFor("unhealthy") { $0.state == "running" && $0.health == "unhealthy" }
                try await server.docker.removeContainer(id, force: true)
                _ = try await client.wait("removed") { $0.changes("list", of: id).last?.change == "removed" ? true : nil }

                let transcript = client.transcript
                let all = transcript.changes["list"] ?? []
                #expect(transcript.initialStates("list").count == 1, "no resync happened")
                #expect(all.first?.seq == initial.seq + 1, "the first delta follows the snapshot")
                #expect(areConsecutive(all.map(\.seq)), "seq of every delta of the subscription: \(all.map(\.seq))")
                #expect(all.allSatisfy { $0.engine == "local" && $0.sub == "list" })

                let mine = transcript.changes("list", of: id)
                #expect(mine.first?.change == "added")
                #expect(mine.last.map { $0.change == "removed" && $0.container == nil && $0.fields == nil } == true)
                #expect(mine.dropFirst().dropLast().allSatisfy { $0.change == "updated" })
                // `removing` is the engine's own word for the forced removal when a refresh lands during it.
                let states = collapsed(mine.compactMap { $0.container?.state }.filter { $0 != "removing" })
                // The last `exited` is the kill of the forced removal.
                #expect(
                    states == ["created", "running", "exited", "running", "exited", "running", "paused", "running", "exited"],
                    "the engine's events of it: \(transcript.events("exec").filter { $0.objectID == id && !$0.action.hasPrefix("exec_") }.map { "\($0.action)@\($0.timeNano)" })"
                )
                // Every update names exactly the fields that differ from the row before it.
                var previous = mine.first?.container
                for change in mine.dropFirst() {
                    guard let current = change.container, let before = previous else { break }
                    #expect(change.fields == current.changedFields(from: before), "seq \(change.seq)")
                    #expect(change.fields?.isEmpty == false)
                    previous = current
                }
                let healths = collapsed(mine.compactMap { $0.container?.health })
                #expect(healths.contains("healthy"))
                let lastRunning = mine.last { $0.container?.state == "running" }
                #expect(lastRunning?.container?.health == "unhealthy", "the last running state, before the removal")
                #expect(mine.contains { $0.container?.health == "unhealthy" && $0.fields?.contains("health") == true })
                #expect(mine.allSatisfy { $0.container.map { $0.name == container.name && $0.engine == "local" } ?? true })
            }
        }
    }

    @Test func resumeAfterAForcedDisconnectDeliversExactlyTheMissedDeltas() async throws {
        try await withLiveServer { server in
            try await server.withClient("witness") { witness in
                try await witness.subscribe(.subscribeContainers(SubscribeContainers(id: "w", sub: "list")), id: "w")
                let container = try await server.createContainer("resume")
                let lastSeen: UInt64 = try await server.withClient("first") { first in
                    try await first.subscribe(.subscribeContainers(SubscribeContainers(id: "a", sub: "list")), id: "a")
                    _ = try await first.wait("the container listed") { $0.view("list", container.id) }
                    let seen = first.transcript.changes["list"]?.last?.seq ?? first.transcript.initialState("list")!.seq
                    first.disconnect()
                    _ = try await first.closed()
                    return seen
                }

                // While the client is away.
                try await server.docker.startContainer(container.id)
                try await server.docker.pauseContainer(container.id)
                try await server.docker.unpauseContainer(container.id)
                try await server.docker.stopContainer(container.id, timeout: 5)
                _ = try await witness.wait("the container exited") { $0.latest("list", container.id)?.state == "exited" ? true : nil }

                try await server.withClient("second") { second in
                    try await second.subscribe(
                        .subscribeContainers(SubscribeContainers(id: "b", sub: "list", resume: ["local": lastSeen])), id: "b"
                    )
                    let resumed = try #require(second.transcript.initialState("list"))
                    #expect(resumed.resumed && !resumed.resyncRequired)
                    #expect(resumed.containers == nil)
                    let changes = try #require(resumed.changes)
                    #expect(changes.first?.seq == lastSeen + 1)
                    #expect(changes.last?.seq == resumed.seq)
                    #expect(changes.allSatisfy { $0.sub == nil }, "changes inside initial_state carry no sub")
                    // Exactly what the witness saw after lastSeen, up to the resume point.
                    let seenByWitness = try await witness.wait("the witness has seen seq \(resumed.seq)") { transcript in
                        let all = transcript.changes["list"] ?? []
                        return (all.last?.seq ?? 0) >= resumed.seq ? all.filter { $0.seq > lastSeen && $0.seq <= resumed.seq } : nil
                    }
                    #expect(changes.map(\.seq) == seenByWitness.map(\.seq))
                    for (mine, theirs) in zip(changes, seenByWitness) {
                        #expect(mine.change == theirs.change && mine.containerID == theirs.containerID)
                        #expect(mine.container == theirs.container && mine.fields == theirs.fields)
                    }
                    // The row the first client saw may have been the one made from the create event; the engine's
                    // own row for it (still "created") can come after, as a change of details.
                    let states = collapsed(changes.filter { $0.containerID == container.id }.compactMap { $0.container?.state })
                    #expect(Array(states.drop { $0 == "created" }) == ["running", "paused", "running", "exited"])

                    // Live deltas continue from the resume point.
                    try await server.docker.removeContainer(container.id, force: true)
                    let live = try await second.wait("the removal, live") { transcript in
                        transcript.changes("list", of: container.id).contains { $0.change == "removed" } ? transcript.changes["list"] : nil
                    }
                    #expect(live.first?.seq == resumed.seq + 1)
                    #expect(areConsecutive(live.map(\.seq)))
                }
            }
        }
    }

    @Test func resumeOlderThanTheKeptChangesGetsAFreshSnapshot() async throws {
        try await withLiveServer(configure: { $0.hub.changeRingCapacity = 3 }) { server in
            let container = try await server.createContainer("resync")
            let lastSeen: UInt64 = try await server.withClient("first") { first in
                try await first.subscribe(.subscribeContainers(SubscribeContainers(id: "a", sub: "list")), id: "a")
                _ = try await first.wait("the container listed") { $0.view("list", container.id) }
                return first.transcript.changes["list"]?.last?.seq ?? first.transcript.initialState("list")!.seq
            }
            // Four changes or more while away: more than the three kept.
            try await server.docker.startContainer(container.id)
            try await server.docker.pauseContainer(container.id)
            try await server.docker.unpauseContainer(container.id)
            try await server.docker.stopContainer(container.id, timeout: 5)
            try await eventually("the hub saw the stop") { server.engine.containers.first { $0.id == container.id }?.state == "exited" ? true : nil }
            #expect(server.engine.sequence >= lastSeen + 4)

            try await server.withClient("second") { second in
                try await second.subscribe(
                    .subscribeContainers(SubscribeContainers(id: "b", sub: "list", resume: ["local": lastSeen])), id: "b"
                )
                let fresh = try #require(second.transcript.initialState("list"))
                #expect(fresh.resyncRequired && !fresh.resumed)
                #expect(fresh.changes == nil)
                #expect(fresh.containers?.first { $0.id == container.id }?.state == "exited")
                #expect(fresh.seq >= lastSeen + 4)

                // A seq from the future (another server, a restarted one) is also answered with a snapshot.
                try await second.subscribe(
                    .subscribeContainers(SubscribeContainers(id: "c", sub: "future", resume: ["local": fresh.seq + 1_000])), id: "c"
                )
                let future = try #require(second.transcript.initialState("future"))
                #expect(future.resyncRequired && future.containers != nil)
            }
        }
    }

    @Test func resumeAgainstARestartedServerNeverAppliesAnotherServersNumbering() async throws {
        // A private engine, so the test knows every container (and so the first server's numbering) exactly.
        let image = try TestEngine.image()
        try await PrivateEngine.withEngine(image: image) { engine in
            let host = try engine.host
            try await DockerClient.withClient(host: host) { docker in
                func create(_ name: String) async throws -> String {
                    var request = ContainerCreateRequest(image: image, cmd: ["sh", "-c", idleScript])
                    request.labels = ["capstan.test": "1"]
                    return try await docker.createContainer(request, name: "capstan-\(name)").id
                }
                let kept = try await create("kept")
                let gone = try await create("gone")
                let (lastSeen, before) = try await withLiveServer(engineHost: host, dockerHost: host) { server in
                    try await server.withClient("before") { client in
                        try await client.subscribe(.subscribeContainers(SubscribeContainers(id: "a", sub: "list")), id: "a")
                        let initial = try #require(client.transcript.initialState("list"))
                        return (initial.seq, Dictionary(uniqueKeysWithValues: (initial.containers ?? []).map { ($0.id, $0) }))
                    }
                }
                #expect(Set(before.keys) == [kept, gone])
                // While no server runs: one container goes, three come.
                try await docker.removeContainer(gone, force: true)
                var created: [String] = []
                for index in 0..<3 { created.append(try await create("new\(index)")) }
                let expected = Set([kept] + created)
                try await withLiveServer(engineHost: host, dockerHost: host) { server in
                    try await server.withClient("after") { client in
                        try await client.subscribe(
                            .subscribeContainers(SubscribeContainers(id: "b", sub: "list", resume: ["local": lastSeen])), id: "b"
                        )
                        let answer = try #require(client.transcript.initialState("list"))
                        var list = before
                        if answer.resumed {
                            for change in answer.changes ?? [] { list[change.containerID] = change.container }
                        } else {
                            list = Dictionary(uniqueKeysWithValues: (answer.containers ?? []).map { ($0.id, $0) })
                        }
                        #expect(Set(list.keys) == expected, "resumed: \(answer.resumed), seq \(lastSeen) → \(answer.seq)")
                    }
                }
            }
        }
    }

    @Test func aRestartByTheEnginesPolicyIsADeltaOfTheRestartCountAndStartTime() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                try await client.subscribe(.subscribeContainers(SubscribeContainers(id: "r", sub: "list", engine: "local")), id: "r")
                // Fails after three seconds (time for the list's refresh on a loaded machine), twice restarted by the
                // engine, then stays exited.
                let name = server.scope.containerName("restarts")
                var request = ContainerCreateRequest(image: server.scope.image, cmd: ["sh", "-c", "sleep 3; exit 3"])
                request.labels = server.scope.labels
                var host = ContainerCreateRequest.HostConfig()
                host.restartPolicy = .init(name: "on-failure", maximumRetryCount: 2)
                request.hostConfig = host
                let id = try await server.docker.createContainer(request, name: name).id
                try await server.docker.startContainer(id)
                let changes = try await client.wait("two restarts") { transcript -> [StatusChange]? in
                    let mine = transcript.changes("list", of: id)
                    return mine.last?.container?.restartCount == 2 && mine.last?.container?.state == "exited" ? mine : nil
                }
                let counted = changes.filter { $0.fields?.contains("restartCount") == true }
                // The first figure can arrive as a change from unknown (the list has no restart count) to 0. The
                // count is not in the engine's events: each figure is the one the list's refresh after a start
                // saw, so restarts closer together than a refresh takes (seconds, in the full test run) share
                // a delta. What must hold: the count only goes up, by deltas that name it, and ends at 2.
                let figures = counted.compactMap { $0.container?.restartCount }.filter { $0 > 0 }
                #expect(!figures.isEmpty && figures == figures.sorted() && Set(figures).count == figures.count, "\(figures)")
                #expect(figures.last == 2)
                let starts = changes.compactMap { $0.fields?.contains("startedAt") == true ? $0.container?.startedAt : nil }
                #expect(!starts.isEmpty && starts == starts.sorted() && Set(starts).count == starts.count, "a later start time per delta: \(starts)")
                // The last start time is the engine's own.
                let inspected = try await server.docker.inspectContainer(id)
                #expect(changes.last?.container?.startedAt == inspected.state.startedAt)
                // The snapshot a new subscriber gets has the same figures.
                try await client.subscribe(.subscribeContainers(SubscribeContainers(id: "r2", sub: "again", engine: "local")), id: "r2")
                let row = client.transcript.initialState("again")?.containers?.first { $0.id == id }
                #expect(row?.restartCount == 2 && row?.startedAt == changes.last?.container?.startedAt)
            }
        }
    }
}
