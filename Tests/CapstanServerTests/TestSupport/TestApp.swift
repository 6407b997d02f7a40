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

/// Runs `body` against the real application (router, error middleware, engine monitor) wired to the test engine.
///
/// Everything the test created is removed afterwards, whether it passed, failed or threw.
///
/// - Parameters:
///   - access: `.exclusive` for tests that prune (see ``EngineLock``).
///   - engineHost: where the configured engine listens; the test engine unless a test needs another.
func withCapstan<T: Sendable>(
    access: EngineAccess = .shared, engineHost: DockerHost? = nil, _ body: @Sendable (TestContext) async throws -> T
) async throws -> T {
    let testHost = try TestEngine.host()
    let scope = TestScope(image: try TestEngine.image())
    var logger = Logger(label: "capstan.test")
    logger.logLevel = .error
    let configuration = ServerConfiguration(
        engines: [EngineConfiguration(name: engineName, host: engineHost ?? testHost)], engineRequestTimeout: .seconds(30)
    )
    return try await EngineLock.shared.withAccess(access) {
        try await DockerClient.withClient(host: testHost, logger: logger) { docker in
            // The monitor shuts the registry's clients down when the application stops.
            let registry = try EngineRegistry(configuration: configuration, logger: logger)
            let outcome: Result<T, any Error>
            do {
                outcome = .success(
                    try await TestAuth.with { auth in
                        let app = buildApplication(configuration: configuration, registry: registry, auth: auth.auth, logger: logger)
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
}
