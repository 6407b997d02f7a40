import ArgumentParser
import CapstanServer
import Foundation

/// Capacity limits of `capstan serve` that an operator (or the benchmark suite) may raise.
///
/// The defaults protect a small install from one runaway client; a load test from a single
/// address and user has to lift them, and so may a large team behind one proxy address.
struct LimitOptions: ParsableArguments {
    @Option(help: "WebSocket connections allowed per client address (env CAPSTAN_MAX_CONNECTIONS_PER_ADDRESS; default 10).")
    var maxConnectionsPerAddress: Int?

    @Option(help: "WebSocket connections allowed per user (env CAPSTAN_MAX_CONNECTIONS_PER_USER; default 10).")
    var maxConnectionsPerUser: Int?

    @Option(help: "Live log viewers allowed per container (env CAPSTAN_MAX_VIEWERS_PER_CONTAINER; default 50).")
    var maxViewersPerContainer: Int?

    /// Writes the limits that were given into the configurations.
    func apply(to server: inout ServerConfiguration, auth: inout AuthConfiguration, environment: [String: String]) throws {
        if let value = try resolve(maxConnectionsPerAddress, "CAPSTAN_MAX_CONNECTIONS_PER_ADDRESS", environment) {
            server.live.maxConnectionsPerAddress = value
        }
        if let value = try resolve(maxConnectionsPerUser, "CAPSTAN_MAX_CONNECTIONS_PER_USER", environment) {
            auth.maxConnectionsPerUser = value
        }
        if let value = try resolve(maxViewersPerContainer, "CAPSTAN_MAX_VIEWERS_PER_CONTAINER", environment) {
            server.hub.maxViewersPerContainer = value
        }
    }

    /// The flag, else the environment variable; a limit must be at least 1.
    private func resolve(_ flag: Int?, _ variable: String, _ environment: [String: String]) throws -> Int? {
        var value = flag
        if value == nil, let text = environment[variable], !text.isEmpty {
            guard let parsed = Int(text) else { throw ValidationError("\(variable) must be a number, not '\(text)'") }
            value = parsed
        }
        if let value, value < 1 { throw ValidationError("limits must be at least 1 (\(variable))") }
        return value
    }
}
