import CapstanServer
import DockerEngine
import Hummingbird
import HummingbirdTesting
import Logging

/// What a test body gets: the HTTP client of the router, its objects' scope, and a direct engine
/// client for what the API cannot do (creating a network).
struct TestContext: Sendable {
    /// Sends requests straight into the router built by `buildApplication`.
    let client: any TestClientProtocol
    /// Names, labels and cleanup of the test's objects.
    let scope: TestScope
    /// A client of the test engine, outside Capstan.
    let docker: DockerClient
    /// The users, tokens and store of this application.
    let auth: TestAuth
}

/// The engine name the tests configure.
let engineName = "local"

/// Which engine a test runs on.
enum EngineChoice: Sendable {
    /// The shared test engine (`CAPSTAN_TEST_DOCKER_HOST`), alongside every other test.
    case shared
    /// An engine of the test's own, for what acts on a whole engine (prunes): see ``DedicatedEngine``.
    case dedicated
}

/// Runs `body` against the real application (router, error middleware, engine monitor) wired to a test engine.
///
/// Everything the test created is removed afterwards, whether it passed, failed or threw.
///
/// - Parameters:
///   - choice: the shared test engine, or one started for this test.
///   - engineHost: where the application's engine listens, when it must differ from the engine the
///     test acts on (an engine that does not exist).
func withCapstan<T: Sendable>(
    on choice: EngineChoice = .shared, engineHost: DockerHost? = nil, _ body: @Sendable (TestContext) async throws -> T
) async throws -> T {
    let sharedHost = try TestEngine.host()
    let image = try TestEngine.image()
    switch choice {
    case .shared:
        return try await EngineLock.shared.withAccess(.shared) {
            try await run(docker: sharedHost, engine: engineHost ?? sharedHost, image: image, body)
        }
    case .dedicated:
        return try await DedicatedEngine.withEngine(image: image) { host in
            try await run(docker: host, engine: engineHost ?? host, image: image, body)
        }
    }
}

/// Builds the application for one engine and runs `body` through the router, then cleans up.
private func run<T: Sendable>(
    docker dockerHost: DockerHost, engine engineHost: DockerHost, image: String, _ body: @Sendable (TestContext) async throws -> T
) async throws -> T {
    let scope = TestScope(image: image)
    var logger = Logger(label: "capstan.test")
    logger.logLevel = .error
    let configuration = ServerConfiguration(
        engines: [EngineConfiguration(name: engineName, host: engineHost)], engineRequestTimeout: .seconds(30)
    )
    return try await DockerClient.withClient(host: dockerHost, logger: logger) { docker in
        // The monitor shuts the registry's clients down when the application stops.
        let registry = try EngineRegistry(configuration: configuration, logger: logger)
        let outcome: Result<T, any Error>
        do {
            outcome = .success(
                try await TestAuth.with { auth in
                    let app = buildApplication(configuration: configuration, registry: registry, auth: auth.auth, logger: logger)
                    // Requests carry the admin's token unless a test sets another.
                    return try await TestToken.$current.withValue(auth.adminToken) {
                        try await app.test(.router) { client in
                            try await body(TestContext(client: client, scope: scope, docker: docker, auth: auth))
                        }
                    }
                })
        } catch {
            outcome = .failure(error)
        }
        await scope.cleanUp(using: docker)
        return try outcome.get()
    }
}
