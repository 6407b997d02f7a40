import DockerEngine
import Foundation
import Logging
import Testing

/// The real engine the tests run against, from the environment `scripts/test` sets up.
enum TestEngine {
    /// The engine's `DOCKER_HOST`-style address.
    static var address: String {
        get throws {
            guard let value = ProcessInfo.processInfo.environment["CAPSTAN_TEST_DOCKER_HOST"], !value.isEmpty else {
                throw TestSetupError(
                    "CAPSTAN_TEST_DOCKER_HOST is not set: run the tests with scripts/test, which starts a private engine"
                )
            }
            return value
        }
    }

    /// The busybox test image.
    static var image: String {
        ProcessInfo.processInfo.environment["CAPSTAN_TEST_IMAGE"] ?? "capstan-test/busybox:latest"
    }

    /// Runs `body` with a client of the test engine.
    static func withClient<Result: Sendable>(_ body: (DockerClient) async throws -> Result) async throws -> Result {
        let host = try DockerHost.parse(try address)
        return try await DockerClient.withClient(host: host, body)
    }

    /// A unique name for a test object.
    static func uniqueName(_ prefix: String) -> String {
        "capstan-test-\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
    }
}

/// A test that cannot run because its environment is missing.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
