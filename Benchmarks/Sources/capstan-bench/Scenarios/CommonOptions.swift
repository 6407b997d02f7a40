import ArgumentParser
import DockerEngine
import Foundation
import NIOPosix

/// What every client scenario needs: where the server and the engine are, who to sign in as.
struct CommonOptions: ParsableArguments {
    @Option(help: "The server's base URL.") var url = "http://127.0.0.1:5007"
    @Option(help: "An access token (or env CAPSTAN_TOKEN).") var token: String?
    @Option(help: "The engine, direct (not through the proxy): unix:///path/docker.sock.") var dockerHost: String
    @Option(help: "The busybox test image.") var image = "capstan-test/busybox:latest"
    @Option(help: "The server's process id (for its CPU time and memory).") var serverPID: Int32?
    @Option(help: "The counting proxy's counts file.") var proxyCounts: String?
    @Option(help: "Event-loop threads of the load generator.") var threads = 1

    /// The access token to send.
    var accessToken: String {
        get throws {
            guard let value = token ?? ProcessInfo.processInfo.environment["CAPSTAN_TOKEN"], !value.isEmpty else {
                throw ValidationError("give --token or CAPSTAN_TOKEN")
            }
            return value
        }
    }

    /// A connector for the server's WebSocket.
    func connector(group: MultiThreadedEventLoopGroup) throws -> WebSocketConnector {
        guard let components = URLComponents(string: url), let host = components.host else {
            throw ValidationError("--url must be like http://127.0.0.1:5007")
        }
        return WebSocketConnector(group: group, host: host, port: components.port ?? 80, path: "/api/v1/ws", token: try accessToken)
    }

    /// A direct client of the engine.
    func engine() throws -> DockerClient {
        try DockerClient(host: try DockerHost.parse(dockerHost), requestTimeout: .seconds(30))
    }

    /// The proxy's counts now (empty without a proxy).
    func counts() -> [String: Int] {
        proxyCounts.map(CountingProxy.readCounts) ?? [:]
    }
}
