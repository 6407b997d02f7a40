import CapstanServer
import DockerEngine
import Foundation
import Hummingbird
import HummingbirdTesting
import LiveHub
import Logging
import Testing

/// The real application (`buildApplication`) listening on a loopback port, with what a live-path test
/// needs around it: the hub (to read its upstream counts), a direct client of the engine, and the
/// test's objects.
struct LiveServer: Sendable {
    /// The port the application bound.
    let port: Int
    /// The application's live hub.
    let hub: LiveHub
    /// A client of the engine the test acts on, outside Capstan.
    let docker: DockerClient
    /// Names, labels and cleanup of the test's containers.
    let scope: TestScope
    /// Plain HTTP requests to the application.
    let http: any TestClientProtocol
    /// The configuration the application runs with.
    let configuration: ServerConfiguration
    /// Users and tokens of the application.
    let auth: TestAuth

    /// The WebSocket URL, signed in as the admin (the token as a query parameter, as browsers may send it).
    var url: String { "ws://127.0.0.1:\(port)/api/v1/ws?token=\(auth.adminToken)" }

    /// The hub of the (only) engine, `local`.
    var engine: EngineHub { hub.engines[0] }
}

/// Runs `body` against the application wired to one engine named `local`, on `127.0.0.1` and a free port.
///
/// The test's containers (label `capstan.test.run=<run>`) are removed afterwards whether the body
/// passed, failed or threw.
///
/// - Parameters:
///   - engineHost: where the application's engine listens (a counting proxy, a private engine);
///     the test engine (`CAPSTAN_TEST_DOCKER_HOST`) by default.
///   - dockerHost: the engine the test's own client acts on; the test engine by default.
///   - configure: changes to the configuration (limits, ring sizes, timings).
///   - configureAuth: changes to the sign-in configuration (the per-user connection limit).
func withLiveServer<T: Sendable>(
    engineHost: DockerHost? = nil, dockerHost: DockerHost? = nil,
    configure: (inout ServerConfiguration) -> Void = { _ in },
    configureAuth: @escaping @Sendable (inout AuthConfiguration) -> Void = { _ in },
    _ body: @Sendable (LiveServer) async throws -> T
) async throws -> T {
    let testHost = try dockerHost ?? TestEngine.host()
    let scope = TestScope(image: try TestEngine.image())
    var logger = Logger(label: "capstan.test.live")
    logger.logLevel = ProcessInfo.processInfo.environment["CAPSTAN_TEST_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .critical
    var configuration = ServerConfiguration(
        host: "127.0.0.1", port: 0, engines: [EngineConfiguration(name: "local", host: engineHost ?? testHost)],
        engineRequestTimeout: .seconds(30)
    )
    configure(&configuration)
    let settings = configuration
    // Shared: the engine's prune tests (another suite of this target) must not run meanwhile.
    return try await EngineLock.shared.withAccess(.shared) {
        try await DockerClient.withClient(host: testHost, logger: logger) { docker in
            let registry = try EngineRegistry(configuration: settings, logger: logger)
            let hub = LiveHub(
                engines: registry.engines.map { ($0.name, $0.client) }, configuration: settings.hub, logger: logger
            )
            let outcome: Result<T, any Error>
            do {
                outcome = .success(
                    try await TestAuth.with(configure: configureAuth) { auth in
                        let app = buildApplication(configuration: settings, registry: registry, hub: hub, auth: auth.auth, logger: logger)
                        return try await TestToken.$current.withValue(auth.adminToken) {
                            try await app.test(.live) { client in
                                let port = try #require(client.port)
                                return try await body(
                                    LiveServer(
                                        port: port, hub: hub, docker: docker, scope: scope, http: client, configuration: settings, auth: auth
                                    )
                                )
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

extension LiveServer {
    /// Runs `body` with one connected client; the client disconnects when `body` returns.
    func withClient<T: Sendable>(_ label: String = "client", _ body: @Sendable (LiveClient) async throws -> T) async throws -> T {
        try await withClients(1, label: label) { try await body($0[0]) }
    }

    /// Whether a new connection is accepted now (it gets its `welcome`); the connection is closed again.
    func canConnect() async -> Bool {
        let client = LiveClient(label: "probe")
        let url = self.url
        return await withTaskGroup(of: Void.self) { group in
            group.addTask { await client.run(url: url) }
            let welcomed = try? await client.wait("welcome", timeout: .seconds(10)) { transcript in
                transcript.messages.first.map { if case .welcome = $0 { true } else { false } }
            }
            client.disconnect()
            await group.waitForAll()
            return welcomed == true
        }
    }

    /// Runs `body` with `count` connected clients, each past its `welcome`.
    func withClients<T: Sendable>(
        _ count: Int, label: String = "client", _ body: @Sendable ([LiveClient]) async throws -> T
    ) async throws -> T {
        let clients = (0..<count).map { LiveClient(label: count == 1 ? label : "\(label)-\($0)") }
        let url = self.url
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.run(url: url) } }
            do {
                for client in clients {
                    _ = try await client.wait("welcome") { transcript in
                        transcript.messages.first.flatMap { if case .welcome(let welcome) = $0 { welcome } else { nil } }
                    }
                }
                let value = try await body(clients)
                for client in clients { client.disconnect() }
                try await group.waitForAll()
                return value
            } catch {
                for client in clients { client.disconnect() }
                group.cancelAll()
                throw error
            }
        }
    }
}
