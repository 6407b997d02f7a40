import CapstanWire
import DockerEngine
import HummingbirdTesting
import Testing

/// Networks: list, inspect with attached containers, remove, prune. There is no create route, so
/// the tests create networks with the engine client.
@Suite struct NetworkRoutesTests {
    @Test func listHasTheEnginesOwnNetworksMarkedPredefined() async throws {
        try await withCapstan { test in
            let networks = try await Self.list(test, query: [:])
            // The test engine runs with --bridge=none: `none` and `host` are its own networks.
            let none = try #require(networks.first { $0.name == "none" }, "\(networks.map(\.name))")
            let host = try #require(networks.first { $0.name == "host" })
            #expect(none.predefined && host.predefined)
            #expect(none.driver == "null")
            #expect(host.driver == "host")
            #expect(networks.filter { $0.name.hasPrefix("capstan-") }.allSatisfy { !$0.predefined })
        }
    }

    @Test func customNetworkIsInspectedAndRemovedButPredefinedOnesAreNot() async throws {
        try await withCapstan { test in
            let network = try await Self.createNetwork(test, "custom")
            let inspected = try await test.client.send(.get, api("networks/\(network.name)"))
            expectStatus(inspected, .ok)
            let view = try inspected.decode(NetworkView.self)
            #expect(view.id == network.id)
            #expect(view.driver == "bridge")
            #expect(view.internal)
            #expect(!view.predefined)
            #expect(view.labels == test.scope.labels)
            #expect(try await Self.list(test, query: ["filters": test.scope.runFilter]).map(\.id) == [network.id])

            for predefined in ["none", "host"] {
                let refused = try await test.client.send(.delete, api("networks/\(predefined)"))
                let error = expectError(refused, .conflict, code: "conflict")
                #expect(error?.message.contains("'\(predefined)'") == true && error?.message.contains("cannot be removed") == true)
            }
            expectStatus(try await test.client.send(.get, api("networks/none")), .ok)

            expectStatus(try await test.client.send(.delete, api("networks/\(network.id)")), .noContent)
            expectError(try await test.client.send(.get, api("networks/\(network.name)")), .notFound, code: "not_found")
            expectError(try await test.client.send(.delete, api("networks/\(network.name)")), .notFound, code: "not_found")
        }
    }

    @Test func networkWithARunningContainerShowsItAndCannotBeRemoved() async throws {
        try await withCapstan { test in
            let network = try await Self.createNetwork(test, "attached")
            let container = try await test.createContainer("network-user", network: network.name)
            expectStatus(try await test.action(container.id, "start"), .ok)

            let view = try await test.client.send(.get, api("networks/\(network.name)")).decode(NetworkView.self)
            #expect(view.containers == [container.id])
            #expect(view.endpoints.map(\.name) == [container.name])
            // The list shows attachments too (the engine's own network list leaves them out).
            let listed = try await Self.list(test, query: ["filters": test.scope.runFilter])
            #expect(listed.map(\.containers) == [[container.id]])
            #expect(listed.first?.endpoints.first?.ipv4Address?.isEmpty == false)

            // The engine's 403 ("has active endpoints") is a conflict of state, not a permission problem.
            let refused = try await test.client.send(.delete, api("networks/\(network.name)"))
            let conflict = expectError(refused, .conflict, code: "conflict")
            #expect(conflict?.message.contains("in use by container \(container.name)") == true, "\(conflict?.message ?? "")")
            expectStatus(try await test.client.send(.get, api("networks/\(network.id)")), .ok)
        }
    }

    @Test func pruneRemovesUnusedCustomNetworks() async throws {
        try await withCapstan(on: .dedicated) { test in
            let network = try await Self.createNetwork(test, "prune")
            let kept = try await Self.createNetwork(test, "prune-kept")
            let holder = try await test.createContainer("prune-holder", network: kept.name)
            expectStatus(try await test.action(holder.id, "start"), .ok)
            let before = Set(try await Self.list(test, query: [:]).map(\.name))
            let response = try await test.client.send(.post, api("networks/prune"))
            expectStatus(response, .ok)
            let report = try response.json()
            #expect(report["kind"].string == "networks")
            #expect(report["spaceReclaimed"].number == 0)
            // The engine is the test's own: the unused network is all there is to prune.
            #expect(report["deleted"] == .array([.string(network.name)]), "\(response.text)")
            expectError(try await test.client.send(.get, api("networks/\(network.id)")), .notFound, code: "not_found")
            let after = Set(try await Self.list(test, query: [:]).map(\.name))
            #expect(before.subtracting(after) == [network.name])
            #expect(after.contains(kept.name), "a network a running container uses stays")
        }
    }

    /// An internal bridge network with the test's labels, made with the engine client.
    static func createNetwork(_ test: TestContext, _ prefix: String) async throws -> (id: String, name: String) {
        let name = test.scope.networkName(prefix)
        let created = try await test.docker.createNetwork(
            NetworkCreateRequest(name: name, driver: "bridge", internal: true, labels: test.scope.labels)
        )
        return (created.id, name)
    }

    static func list(_ test: TestContext, query: KeyValuePairs<String, String>) async throws -> [NetworkView] {
        let response = try await test.client.send(.get, api("networks"), query: query)
        expectStatus(response, .ok)
        return try response.decode([NetworkView].self)
    }
}
