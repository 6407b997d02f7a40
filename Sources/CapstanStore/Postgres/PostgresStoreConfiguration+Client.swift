// NIOSSL (TLSConfiguration, NIOSSLContext) comes re-exported from PostgresNIO.
import PostgresNIO

extension PostgresStoreConfiguration {
    /// The pool configuration for `PostgresClient`.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database,
            tls: try clientTLS()
        )
        configuration.options.connectTimeout = connectTimeout
        configuration.options.maximumConnections = maximumConnections
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// The same settings for a single `PostgresConnection`, used to probe the server at start.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS
        switch (tlsMode, try tlsConfiguration()) {
        case (.prefer, let configuration?):
            tls = .prefer(try Self.context(configuration))
        case (_, let configuration?):
            tls = .require(try Self.context(configuration))
        case (_, nil):
            tls = .disable
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls
        )
        let (seconds, attoseconds) = connectTimeout.components
        configuration.options.connectTimeout = .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        configuration.options.additionalStartupParameters = startupParameters
        return configuration
    }

    /// Run-time parameters sent in the startup packet, so they hold on every connection of the pool.
    private var startupParameters: [(String, String)] {
        var parameters = [("application_name", "capstan")]
        if let schema { parameters.append(("search_path", schema)) }
        return parameters
    }

    private func clientTLS() throws -> PostgresClient.Configuration.TLS {
        switch (tlsMode, try tlsConfiguration()) {
        case (.prefer, let configuration?): .prefer(configuration)
        case (_, let configuration?): .require(configuration)
        case (_, nil): .disable
        }
    }

    /// The TLS settings for the mode, or `nil` for ``TLSMode/disable``.
    private func tlsConfiguration() throws -> TLSConfiguration? {
        var configuration = TLSConfiguration.makeClientConfiguration()
        switch tlsMode {
        case .disable: return nil
        case .prefer, .require: configuration.certificateVerification = .none
        case .verifyCA: configuration.certificateVerification = .noHostnameVerification
        case .verifyFull: configuration.certificateVerification = .fullVerification
        }
        if let rootCertificatePath {
            configuration.trustRoots = .file(rootCertificatePath)
        }
        return configuration
    }

    private static func context(_ configuration: TLSConfiguration) throws -> NIOSSLContext {
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw CapstanStoreError.invalidConfiguration("cannot set up TLS for the database: \(error)")
        }
    }
}
