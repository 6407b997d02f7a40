import DockerEngine
import Foundation

/// The real Docker engine and image the tests run against, from the environment `scripts/test` sets.
///
/// Missing variables fail the test with a message saying what to set: a test that silently skips
/// would look green on a machine that never ran it.
enum TestEngine {
    /// `CAPSTAN_TEST_DOCKER_HOST`: the engine (`unix:///tmp/…/docker.sock`).
    static func host() throws -> DockerHost {
        try DockerHost.parse(try variable("CAPSTAN_TEST_DOCKER_HOST", example: "unix:///tmp/cdev/docker.sock"))
    }

    /// `CAPSTAN_TEST_IMAGE`: an image with busybox (`capstan-test/busybox:latest`), already in the engine.
    static func image() throws -> String {
        try variable("CAPSTAN_TEST_IMAGE", example: "capstan-test/busybox:latest")
    }

    private static func variable(_ name: String, example: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw MissingTestEnvironment(name: name, example: example)
        }
        return value
    }
}

/// A test environment variable is not set.
struct MissingTestEnvironment: Error, CustomStringConvertible {
    let name: String
    let example: String

    var description: String {
        "\(name) is not set. These tests need a real Docker engine: run scripts/test (which starts one), "
            + "or set \(name) yourself, e.g. \(name)=\(example)"
    }
}
