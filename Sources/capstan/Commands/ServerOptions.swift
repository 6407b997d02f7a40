import ArgumentParser
import Foundation

/// Where the CLI finds the Capstan server and which engine it means.
struct ServerOptions: ParsableArguments {
    @Option(help: "The Capstan server (env CAPSTAN_URL; default http://127.0.0.1:5007).")
    var url: String?

    @Option(help: "The engine name (default: the server's first engine).")
    var engine: String?

    @Option(help: "An access token (env CAPSTAN_TOKEN; get one with `capstan login`).")
    var token: String?

    /// The access token to send, if any.
    var accessToken: String? {
        let value = token ?? ProcessInfo.processInfo.environment["CAPSTAN_TOKEN"]
        return (value?.isEmpty ?? true) ? nil : value
    }

    /// The server's base URL.
    var server: String {
        url ?? ProcessInfo.processInfo.environment["CAPSTAN_URL"] ?? "http://127.0.0.1:5007"
    }

    /// A REST client of the server.
    var client: APIClient {
        APIClient(baseURL: server.hasSuffix("/") ? String(server.dropLast()) : server, token: accessToken)
    }

    /// A WebSocket session with the server.
    var live: LiveSession { LiveSession(server: server, token: accessToken) }
}
