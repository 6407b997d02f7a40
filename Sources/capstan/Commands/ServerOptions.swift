import ArgumentParser
import Foundation

/// Where the CLI finds the Capstan server and which engine it means.
struct ServerOptions: ParsableArguments {
    @Option(help: "The Capstan server (env CAPSTAN_SERVER; default http://127.0.0.1:5007).")
    var server: String?

    @Option(help: "The engine name (default local).")
    var engine: String = "local"

    var client: APIClient {
        let url = server ?? ProcessInfo.processInfo.environment["CAPSTAN_SERVER"] ?? "http://127.0.0.1:5007"
        return APIClient(baseURL: url.hasSuffix("/") ? String(url.dropLast()) : url)
    }
}
