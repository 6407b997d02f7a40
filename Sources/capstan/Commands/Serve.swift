import ArgumentParser
import CapstanServer
import DockerEngine
import Foundation
import Hummingbird
import Logging

/// `capstan serve`: runs the server until SIGINT or SIGTERM.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the Capstan server.",
        discussion: """
            Settings come from flags, then CAPSTAN_* environment variables, then defaults. Engines come from
            --docker-host (repeatable, [name=]url), else CAPSTAN_DOCKER_HOST (comma-separated), else DOCKER_HOST
            (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), else unix:///var/run/docker.sock.
            """
    )

    @Option(help: "Address to bind (env CAPSTAN_HOST; default 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (env CAPSTAN_PORT; default 5007).")
    var port: Int?

    @Option(name: .customLong("docker-host"), help: "An engine to watch, [name=]url; repeat for several.")
    var dockerHosts: [String] = []

    @Option(name: .customLong("ui-dir"), help: "The web UI's folder (env CAPSTAN_UI_DIR; default: the repository's ui/).")
    var uiDirectory: String?

    @Option(name: .customLong("vendor-dir"), help: "Folder of the packaged JS libraries served at /vendor (env CAPSTAN_VENDOR_DIR; default /usr/share/javascript).")
    var vendorDirectory: String?

    @Option(name: .customLong("node-modules-dir"), help: "Folder of the packaged Node modules served at /vendor-node, xterm.js for the terminal (env CAPSTAN_NODE_MODULES_DIR; default /usr/share/nodejs).")
    var nodeModulesDirectory: String?

    @OptionGroup var store: StoreOptions

    @OptionGroup var limits: LimitOptions

    @Option(name: .customLong("allowed-origin"), help: "An origin allowed to open the WebSocket besides the server's own; repeatable (env CAPSTAN_ALLOWED_ORIGINS, comma-separated).")
    var allowedOrigins: [String] = []

    @Option(help: "trace, debug, info, notice, warning, error (env CAPSTAN_LOG_LEVEL; default info).")
    var logLevel: String?

    @Option(help: "text or json (env CAPSTAN_LOG_FORMAT; default text).")
    var logFormat: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let logger = try makeLogger(environment)
        var configuration = ServerConfiguration()
        if let host = host ?? environment["CAPSTAN_HOST"] { configuration.host = host }
        if let port = try port ?? environment["CAPSTAN_PORT"].map(parsePort) {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
            configuration.port = port
        }
        configuration.engines = try engines(environment)
        if let folder = uiDirectory ?? environment["CAPSTAN_UI_DIR"], !folder.isEmpty { configuration.uiDirectory = folder }
        if let folder = vendorDirectory ?? environment["CAPSTAN_VENDOR_DIR"], !folder.isEmpty { configuration.vendorDirectory = folder }
        if let folder = nodeModulesDirectory ?? environment["CAPSTAN_NODE_MODULES_DIR"], !folder.isEmpty {
            configuration.nodeModulesDirectory = folder
        }

        var authConfiguration = AuthConfiguration()
        authConfiguration.allowedOrigins = allowedOrigins.isEmpty
            ? (environment["CAPSTAN_ALLOWED_ORIGINS"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            : allowedOrigins
        if let secret = environment["CAPSTAN_JWT_SECRET"], !secret.isEmpty {
            guard secret.utf8.count >= 32 else { throw ValidationError("CAPSTAN_JWT_SECRET must have at least 32 bytes") }
            authConfiguration.signingKey = Array(secret.utf8)
        }
        try limits.apply(to: &configuration, auth: &authConfiguration, environment: environment)
        let database = try await store.open(logger: logger)
        do {
            let auth = try await AuthService.start(store: database, configuration: authConfiguration, logger: logger)
            let registry = try EngineRegistry(configuration: configuration, logger: logger)
            let app = buildApplication(configuration: configuration, registry: registry, auth: auth, logger: logger)
            logger.notice(
                "capstan starting",
                metadata: [
                    "address": "\(configuration.host):\(configuration.port)",
                    "engines": "\(configuration.engines.map { "\($0.name)=\($0.host)" }.joined(separator: ", "))",
                    "database": "\(store.description)",
                ]
            )
            if let token = auth.pendingSetupToken {
                // Printed, not logged: the one way in on a first run, shown once to whoever started the server.
                let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                // Written straight to the file descriptor: print() is buffered when stdout is not a terminal.
                FileHandle.standardOutput.write(Data(
                    """
                    No user exists yet. Create the first admin within this run, with this one-time setup token:
                      token: \(token)
                      in the browser: http://\(host):\(configuration.port)/#setup=\(token)
                      or: capstan user add --role admin NAME   (against the same database)

                    """.utf8
                ))
            }
            try await app.runService()
        } catch {
            try? await database.close()
            throw error
        }
        try await database.close()
    }

    private func parsePort(_ text: String) throws -> Int {
        guard let port = Int(text) else { throw ValidationError("CAPSTAN_PORT must be a number, not '\(text)'") }
        return port
    }

    private func engines(_ environment: [String: String]) throws -> [EngineConfiguration] {
        let tlsHost = try DockerHost.fromEnvironment(environment.merging(["DOCKER_HOST": "tcp://placeholder:1"]) { $1 })
        var specs = dockerHosts
        if specs.isEmpty, let value = environment["CAPSTAN_DOCKER_HOST"], !value.isEmpty {
            specs = value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        if specs.isEmpty {
            return [EngineConfiguration(name: "local", host: try DockerHost.fromEnvironment(environment))]
        }
        var result: [EngineConfiguration] = []
        for (index, spec) in specs.enumerated() {
            do {
                result.append(
                    try EngineConfiguration.parse(spec, defaultName: index == 0 ? "local" : "engine\(index + 1)", tls: tlsHost.tls)
                )
            } catch let error as DockerError {
                throw ValidationError("--docker-host \(spec): \(error.message)")
            }
        }
        return result
    }

    private func makeLogger(_ environment: [String: String]) throws -> Logger {
        let levelText = logLevel ?? environment["CAPSTAN_LOG_LEVEL"] ?? "info"
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        let format = (logFormat ?? environment["CAPSTAN_LOG_FORMAT"] ?? "text").lowercased()
        guard format == "text" || format == "json" else { throw ValidationError("--log-format must be text or json") }
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        var logger = Logger(label: "capstan")
        logger.logLevel = level
        return logger
    }
}
