import DockerEngine
import Testing

@Suite("Volumes and networks against the real engine")
struct VolumesAndNetworksTests {
    @Test func volumeLifecycleInUseAndPrune() async throws {
        try await TestEngine.withClient { client in
            let name = TestEngine.uniqueName("vol")
            // A label of this test's own: prune must never reach another test's volumes.
            let marker = TestEngine.uniqueName("prune")
            let created = try await client.createVolume(VolumeCreateRequest(name: name, labels: ["capstan.test": "1", "capstan.prune": marker]))
            #expect(created.name == name)
            #expect(try await client.inspectVolume(name).driver == "local")
            #expect(try await client.listVolumes(filters: ["name": [name]]).map(\.name) == [name])
            try await client.withContainer(trappingSleeper, start: false, configure: {
                var host = ContainerCreateRequest.HostConfig()
                host.binds = ["\(name):/data"]
                $0.hostConfig = host
            }) { _ in
                let inUse = await expectDockerError(.conflict) { try await client.removeVolume(name) }
                #expect(inUse?.message.contains("in use") == true)
            }
            let pruned = try await client.pruneVolumes(filters: ["label": ["capstan.prune=\(marker)"]])
            #expect(pruned.volumesDeleted?.contains(name) == true)
            await expectDockerError(.notFound) { try await client.inspectVolume(name) }
            await expectDockerError(.notFound) { try await client.removeVolume(name) }
        }
    }

    @Test func networkLifecyclePredefinedAndPrune() async throws {
        try await TestEngine.withClient { client in
            let networks = try await client.listNetworks()
            #expect(networks.contains { $0.name == "none" && $0.isPredefined })
            let none = try #require(networks.first { $0.name == "none" })
            let forbidden = await expectDockerError(.forbidden) { try await client.removeNetwork(none.id) }
            #expect(forbidden?.status == 403)

            let name = TestEngine.uniqueName("net")
            let created = try await client.createNetwork(
                NetworkCreateRequest(name: name, driver: "bridge", internal: true, labels: ["capstan.test": "1"])
            )
            await expectDockerError(.conflict) { try await client.createNetwork(NetworkCreateRequest(name: name, internal: true)) }
            let inspected = try await client.inspectNetwork(name)
            #expect(inspected.id == created.id)
            #expect(inspected.internal == true)
            try await client.removeNetwork(created.id)
            await expectDockerError(.notFound) { try await client.inspectNetwork(created.id) }

            let marker = TestEngine.uniqueName("prune")
            let otherName = TestEngine.uniqueName("net")
            let other = try await client.createNetwork(
                NetworkCreateRequest(name: otherName, internal: true, labels: ["capstan.test": "1", "capstan.prune": marker])
            )
            let pruned = try await client.pruneNetworks(filters: ["label": ["capstan.prune=\(marker)"]])
            #expect(pruned.networksDeleted == [otherName])
            await expectDockerError(.notFound) { try await client.inspectNetwork(other.id) }
        }
    }
}
