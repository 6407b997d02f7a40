import CapstanStore
import CapstanWire
import DockerEngine
import Foundation
import HummingbirdTesting
import Testing

/// Image pull: this machine has no registry, so what is tested for real is the error path — a bad
/// reference refused before the engine, and a registry that refuses at once reported fast and clearly.
/// The progress lines themselves are covered by `PullProgressTests` on recorded engine output.
@Suite struct ImagePullRoutesTests {
    @Test func aRefusingRegistryIsAFastClearErrorAndIsAudited() async throws {
        try await withCapstan { test in
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await test.client.send(.post, api("images/pull"), query: ["image": "127.0.0.1:1/nothing:latest"])
            #expect(clock.now - start < .seconds(10), "answered in \(clock.now - start)")
            let error = expectError(response, .badGateway, code: "pull_failed")
            #expect(error?.engine == engineName)
            #expect(error?.message.contains("cannot pull 127.0.0.1:1/nothing:latest") == true, "\(response.text)")
            #expect(error?.message.contains("connection refused") == true, "\(response.text)")

            let rows = try await test.client.send(.get, "/api/v1/audit", query: ["action": "image.pull"]).json()["entries"]
            #expect(rows.array?.count == 1)
            #expect(rows[0]["result"].string == "failure")
            #expect(rows[0]["parameters"]["image"].string == "127.0.0.1:1/nothing:latest")
            #expect(rows[0]["error"].string?.contains("connection refused") == true)
        }
    }

    @Test func aSeparateTagIsAppliedToTheReference() async throws {
        try await withCapstan { test in
            let response = try await test.client.send(.post, api("images/pull"), query: ["image": "127.0.0.1:1/nothing", "tag": "v2"])
            let error = expectError(response, .badGateway, code: "pull_failed")
            #expect(error?.message.contains("127.0.0.1:1/nothing:v2") == true, "\(response.text)")
        }
    }

    @Test func malformedReferencesAre400BeforeTheEngineIsAsked() async throws {
        // The application's engine does not exist: reaching it would be a 503, not a 400.
        let nowhere = DockerHost(endpoint: .unix(path: "/tmp/capstan-no-engine-\(UUID().uuidString.prefix(8)).sock"))
        try await withCapstan(engineHost: nowhere) { test in
            for bad in ["Busybox:latest", "busybox:-x", "a//b", "busybox@sha256:12", "bad host:5000/x", String(repeating: "a", count: 600)] {
                let response = try await test.client.send(.post, api("images/pull"), query: ["image": bad])
                expectError(response, .badRequest, code: "bad_request", field: "image")
            }
            expectError(try await test.client.send(.post, api("images/pull")), .badRequest, code: "bad_request", field: "image")
            let both = try await test.client.send(.post, api("images/pull"), query: ["image": "busybox:1", "tag": "2"])
            expectError(both, .badRequest, code: "bad_request", field: "tag")
            let badTag = try await test.client.send(.post, api("images/pull"), query: ["image": "busybox", "tag": "-x"])
            expectError(badTag, .badRequest, code: "bad_request", field: "tag")
            // A good reference does reach the engine, which is not there.
            let good = try await test.client.send(.post, api("images/pull"), query: ["image": "busybox:1.36"])
            expectError(good, .serviceUnavailable, code: "engine_unreachable")
        }
    }

    @Test func onlyAdminsPull() async throws {
        try await withCapstan { test in
            for role in [Role.viewer, .operator] {
                let response = try await TestToken.$current.withValue(test.auth.tokens[role]) {
                    try await test.client.send(.post, api("images/pull"), query: ["image": "127.0.0.1:1/nothing:latest"])
                }
                expectError(response, .forbidden, code: "forbidden")
            }
        }
    }
}
