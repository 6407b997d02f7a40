import CapstanWire
import DockerEngine
import Foundation
import Testing

/// Live image, volume and network lists over a real WebSocket: a snapshot, then numbered changes
/// driven by the engine's events as the test acts on the engine directly (not through Capstan).
@Suite struct LiveResourcesTests {
    @Test func volumeChangesArriveAsTheyHappen() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                try await client.subscribe(.subscribeResources(SubscribeResources(id: "v1", engine: "local", kind: .volumes)), id: "v1")
                let snapshot = try #require(client.transcript.resourceSnapshots("v1").first, "the snapshot comes before ok")
                #expect(snapshot.id == "v1")
                #expect(snapshot.kind == .volumes)
                #expect(snapshot.engine == "local")

                let name = server.scope.volumeName("live")
                _ = try await server.docker.createVolume(VolumeCreateRequest(name: name, labels: server.scope.labels))
                let added = try await client.waitForChange("v1", key: name) { $0.change == "added" }
                #expect(added.item?.volume?.inUse == false)
                #expect(added.item?.volume?.labels["capstan.test.run"] == server.scope.run)

                var request = ContainerCreateRequest(image: server.scope.image, cmd: ["true"])
                request.labels = server.scope.labels
                var host = ContainerCreateRequest.HostConfig()
                host.binds = ["\(name):/data"]
                request.hostConfig = host
                let user = try await server.docker.createContainer(request, name: server.scope.containerName("volume-user"))
                let used = try await client.waitForChange("v1", key: name) { $0.item?.volume?.inUse == true }
                #expect(used.change == "changed")
                #expect(used.item?.volume?.refCount == 1)

                try await server.docker.removeContainer(user.id, force: true)
                _ = try await client.waitForChange("v1", key: name) { $0.item?.volume?.inUse == false }
                try await server.docker.removeVolume(name)
                let removed = try await client.waitForChange("v1", key: name) { $0.change == "removed" }
                #expect(removed.item == nil)

                let changes = client.transcript.resourceChanges("v1")
                #expect(changes.first?.seq == snapshot.seq + 1, "numbered from the snapshot on")
                #expect(areConsecutive(changes.map(\.seq)))
                #expect(changes.allSatisfy { $0.kind == .volumes && $0.engine == "local" })
            }
        }
    }

    @Test func networkAttachmentsFollowContainersStartingAndStopping() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                try await client.subscribe(.subscribeResources(SubscribeResources(id: "n1", kind: .networks)), id: "n1")
                let snapshot = try #require(client.transcript.resourceSnapshots("n1").first)
                #expect(snapshot.items.contains { $0.network?.name == "none" && $0.network?.predefined == true })

                let name = server.scope.networkName("live")
                let network = try await server.docker.createNetwork(NetworkCreateRequest(name: name, labels: server.scope.labels)).id
                let added = try await client.waitForChange("n1", key: network) { $0.change == "added" }
                #expect(added.item?.network?.containers == [])

                var request = ContainerCreateRequest(image: server.scope.image, cmd: ["sh", "-c", idleScript])
                request.labels = server.scope.labels
                var host = ContainerCreateRequest.HostConfig()
                host.networkMode = name
                request.hostConfig = host
                let container = try await server.docker.createContainer(request, name: server.scope.containerName("attached"))
                try await server.docker.startContainer(container.id)
                let attached = try await client.waitForChange("n1", key: network) { $0.item?.network?.containers == [container.id] }
                #expect(attached.item?.network?.endpoints.first?.ipv4Address != nil)

                try await server.docker.stopContainer(container.id, timeout: 5)
                _ = try await client.waitForChange("n1", key: network) { $0.item?.network?.containers == [] }
                try await server.docker.removeContainer(container.id, force: true)
                try await server.docker.removeNetwork(network)
                _ = try await client.waitForChange("n1", key: network) { $0.change == "removed" }
                #expect(areConsecutive(client.transcript.resourceChanges("n1").map(\.seq)))
            }
        }
    }

    @Test func imagesShowImportsUsageAndRemoval() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                try await client.subscribe(.subscribeResources(SubscribeResources(id: "i1", engine: "local", kind: .images)), id: "i1")
                let snapshot = try #require(client.transcript.resourceSnapshots("i1").first)
                #expect(snapshot.items.contains { $0.image?.tags.contains(server.scope.image) == true })

                let repository = server.scope.repository("live")
                server.scope.track(image: "\(repository):v1")
                let id = try await server.docker.importImage(
                    tarball: Tarball.singleFile(named: "a.txt", contents: server.scope.run), repository: repository, tag: "v1",
                    changes: ["LABEL capstan.test=1 capstan.test.run=\(server.scope.run)"]
                )
                server.scope.track(image: id)
                let added = try await client.waitForChange("i1", key: id) { $0.change == "added" }
                #expect(added.item?.image?.tags == ["\(repository):v1"])
                #expect(added.item?.image?.inUse == false)
                #expect(added.item?.image?.dangling == false)

                var request = ContainerCreateRequest(image: "\(repository):v1", cmd: ["/nothing"])
                request.labels = server.scope.labels
                let user = try await server.docker.createContainer(request, name: server.scope.containerName("image-user"))
                _ = try await client.waitForChange("i1", key: id) { $0.item?.image?.inUse == true }
                try await server.docker.removeContainer(user.id, force: true)
                _ = try await client.waitForChange("i1", key: id) { $0.item?.image?.inUse == false }
                _ = try await server.docker.removeImage(id, force: true)
                _ = try await client.waitForChange("i1", key: id) { $0.change == "removed" }
            }
        }
    }

    @Test func badRequestsAreAnsweredAndTheUpstreamStopsWithTheLastSubscriber() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                client.sendText(#"{"type":"subscribe_resources","id":"b1","kind":"containers"}"#)
                let bad = try await client.wait("the error for b1") { $0.reply(to: "b1") }
                guard case .error(let error) = bad else { throw LiveTestFailure("expected an error, got \(bad)") }
                #expect(error.code == "bad_message")
                #expect(error.field == "kind")
                #expect(error.message.contains("images, volumes, networks"), "\(error.message)")

                let missing = try await client.request(
                    .subscribeResources(SubscribeResources(id: "b2", engine: "nosuch", kind: .volumes)), id: "b2"
                )
                guard case .error(let notFound) = missing else { throw LiveTestFailure("expected an error, got \(missing)") }
                #expect(notFound.code == "not_found")
                #expect(notFound.field == "engine")

                let hub = try #require(server.hub.resources.engine("local"))
                #expect(!hub.isWatching, "nothing runs before anyone subscribes")
                try await client.subscribe(.subscribeResources(SubscribeResources(id: "w1", kind: .volumes)), id: "w1")
                try await client.subscribe(.subscribeResources(SubscribeResources(id: "w2", kind: .volumes)), id: "w2")
                #expect(hub.isWatching)
                // Two subscriptions of the same list share one numbering: the first snapshot plus the
                // changes up to the second's seq is the second snapshot (other tests change the engine meanwhile).
                let first = try #require(client.transcript.resourceSnapshots("w1").first)
                let second = try #require(client.transcript.resourceSnapshots("w2").first)
                #expect(second.seq >= first.seq)
                var replayed = Dictionary(uniqueKeysWithValues: first.items.map { ($0.key, $0) })
                for change in client.transcript.resourceChanges("w1") where change.seq <= second.seq {
                    replayed[change.key] = change.item
                }
                #expect(replayed == Dictionary(uniqueKeysWithValues: second.items.map { ($0.key, $0) }))

                try await client.subscribe(.unsubscribe(Unsubscribe(id: "u1", sub: "w1")), id: "u1")
                #expect(hub.isWatching, "one subscriber is left")
                try await client.subscribe(.unsubscribe(Unsubscribe(id: "u2", sub: "w2")), id: "u2")
                #expect(!hub.isWatching)
                try await client.ping("still-up")
            }
            // A client that goes away without unsubscribing also releases the upstream.
            try await server.withClient { client in
                try await client.subscribe(.subscribeResources(SubscribeResources(id: "g1", kind: .networks)), id: "g1")
                #expect(server.hub.resources.engine("local")?.isWatching == true)
            }
            _ = try await eventually("the upstream to stop after the client left") {
                server.hub.resources.engine("local")?.isWatching == false ? true : nil
            }
        }
    }
}

extension LiveTranscript {
    /// The `resources_snapshot`s of a subscription.
    func resourceSnapshots(_ sub: String) -> [ResourcesSnapshot] {
        messages.compactMap { if case .resourcesSnapshot(let snapshot) = $0, snapshot.sub == sub { snapshot } else { nil } }
    }

    /// The `resource_change`s of a subscription, in arrival order.
    func resourceChanges(_ sub: String) -> [ResourceChange] {
        messages.compactMap { if case .resourceChange(let change) = $0, change.sub == sub { change } else { nil } }
    }
}

extension LiveClient {
    /// Waits for a change of entry `key` on subscription `sub` that satisfies `check`.
    func waitForChange(
        _ sub: String, key: String, timeout: Duration = .seconds(20), _ check: @escaping (ResourceChange) -> Bool
    ) async throws -> ResourceChange {
        try await wait("a change of \(key) on \(sub)", timeout: timeout) { transcript in
            transcript.resourceChanges(sub).last { $0.key == key && check($0) }
        }
    }
}
