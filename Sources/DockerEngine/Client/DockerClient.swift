import AsyncHTTPClient
import Logging
import NIOCore

/// A client of one Docker engine's HTTP API.
///
/// It negotiates the API version with `/_ping` on first use (and again after the engine was
/// unreachable) and prefixes every path with it. Every method throws ``DockerError``. Streaming
/// calls (`followLogs`, `events`, `stats`) return once the engine has answered with its headers —
/// at that point the subscription exists — and deliver through an `AsyncSequence`.
///
/// Call ``shutdown()`` when done, or use ``withClient(host:logger:requestTimeout:_:)``.
public final class DockerClient: Sendable {
    /// The engine this client talks to.
    public let host: DockerHost
    let transport: EngineTransport

    /// Creates a client; nothing is connected until the first call.
    ///
    /// - Parameter requestTimeout: the longest wait for an ordinary request's answer (not for streams).
    public init(host: DockerHost, logger: Logger = Logger(label: "capstan.docker"), requestTimeout: Duration = .seconds(60))
        throws
    {
        self.host = host
        self.transport = try EngineTransport(
            host: host, logger: logger, requestTimeout: .nanoseconds(Int64(requestTimeout.components.seconds) * 1_000_000_000)
        )
    }

    /// Runs `body` with a client and shuts it down afterwards.
    @discardableResult
    public static func withClient<Result: Sendable>(
        host: DockerHost,
        logger: Logger = Logger(label: "capstan.docker"),
        requestTimeout: Duration = .seconds(60),
        _ body: (DockerClient) async throws -> Result
    ) async throws -> Result {
        let client = try DockerClient(host: host, logger: logger, requestTimeout: requestTimeout)
        do {
            let result = try await body(client)
            try await client.shutdown()
            return result
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// Closes the connection pools.
    public func shutdown() async throws {
        try await transport.shutdown()
    }

    /// The API version in use, once negotiated.
    public var apiVersion: APIVersion? { transport.apiVersion }

    /// `GET /_ping`: checks the engine answers and (re)negotiates the API version.
    @discardableResult
    public func ping() async throws -> PingResult {
        try await transport.ping()
    }
}
