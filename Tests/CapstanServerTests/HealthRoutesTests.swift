import CapstanWire
import DockerEngine
import Foundation
import HummingbirdTesting
import Testing

/// `/healthz`, `/readyz`, `/api/v1/engines`, and how an absent or unreachable engine is answered.
@Suite struct HealthRoutesTests {
    @Test func healthzIsAlwaysOK() async throws {
        // Even with an engine that cannot be reached: liveness says nothing about engines.
        try await withCapstan(engineHost: Self.missingSocket()) { test in
            let response = try await test.client.send(.get, "/healthz")
            expectStatus(response, .ok)
            #expect(try response.json()["status"].string == "ok")
        }
    }

    @Test func readyzIsOKWhenTheEngineAnswers() async throws {
        try await withCapstan { test in
            let response = try await test.client.send(.get, "/readyz")
            expectStatus(response, .ok)
            #expect(try response.json() == .object(["status": .string("ok"), "engines": .object([engineName: .string("up")])]))
        }
    }

    @Test func readyzIs503WhenTheEngineSocketDoesNotExist() async throws {
        try await withCapstan(engineHost: Self.missingSocket()) { test in
            let response = try await test.client.send(.get, "/readyz")
            expectStatus(response, .serviceUnavailable)
            let body = try response.json()
            #expect(body["status"].string == "unavailable")
            #expect(body["engines"] == .object([engineName: .string("down")]))
        }
    }

    @Test func enginesListsTheConfiguredEngine() async throws {
        try await withCapstan { test in
            // A readiness probe contacts the engine first, so its status is known rather than "unknown".
            expectStatus(try await test.client.send(.get, "/readyz"), .ok)
            let response = try await test.client.send(.get, "/api/v1/engines")
            expectStatus(response, .ok)
            let engines = try response.decode([EngineView].self)
            #expect(engines.map(\.name) == [engineName])
            #expect(engines.first?.status == "up")
            let host = try TestEngine.host().description
            #expect(engines.first?.host == host)
            #expect(engines.first?.info == nil, "the list does not ask each engine for details")
        }
    }

    @Test func engineDetailsCarryTheEnginesOwnVersion() async throws {
        try await withCapstan { test in
            let response = try await test.client.send(.get, "/api/v1/engines/\(engineName)")
            expectStatus(response, .ok)
            let engine = try response.decode(EngineView.self)
            let version = try await test.docker.version()
            #expect(engine.name == engineName)
            #expect(engine.status == "up")
            #expect(engine.error == nil)
            #expect(engine.info?.version == version.version)
            #expect(engine.info?.apiVersion == version.apiVersion)
            #expect(engine.apiVersion != nil)
            #expect((engine.info?.cpus ?? 0) > 0)
        }
    }

    @Test func unknownEngineIs404() async throws {
        try await withCapstan { test in
            let name = "nope-\(test.scope.run)"
            let details = try await test.client.send(.get, "/api/v1/engines/\(name)")
            let error = expectError(details, .notFound, code: "not_found")
            #expect(error?.engine == name)
            #expect(error?.message.contains(engineName) == true, "the message names the known engines")
            expectError(try await test.client.send(.get, "/api/v1/engines/\(name)/containers"), .notFound, code: "not_found")
        }
    }

    @Test func unreachableEngineIs503OnAContainerList() async throws {
        try await withCapstan(engineHost: Self.missingSocket()) { test in
            let response = try await test.client.send(.get, api("containers"))
            let error = expectError(response, .serviceUnavailable, code: "engine_unreachable")
            #expect(error?.engine == engineName)
            // The failed request marks the engine down.
            let engine = try await test.client.send(.get, "/api/v1/engines").decode([EngineView].self).first
            #expect(engine?.status == "down")
            #expect(engine?.error?.isEmpty == false)
        }
    }

    /// A unix socket path in a directory that does not exist.
    static func missingSocket() -> DockerHost {
        DockerHost(endpoint: .unix(path: "/tmp/capstan-missing-\(UUID().uuidString.prefix(8))/docker.sock"))
    }
}
