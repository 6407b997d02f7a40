import Foundation
import PostgresNIO

extension PostgresStoreConfiguration {
    /// Parses `postgres://user:password@host:port/database?sslmode=…` (or `postgresql://`).
    ///
    /// User and password may be percent-encoded. The port defaults to 5432 and the database to the user name.
    /// Supported parameters: `sslmode` (`disable`, `prefer`, `require`, `verify-ca`, `verify-full`; default
    /// `disable` on loopback, `verify-full` elsewhere), `sslrootcert` (a PEM file) and `connect_timeout`
    /// (seconds). Anything else is rejected rather than silently ignored.
    ///
    /// - Throws: ``CapstanStoreError/invalidConfiguration`` naming what is wrong (never echoing the password).
    public init(url: String) throws {
        guard let components = URLComponents(string: url) else {
            throw CapstanStoreError.invalidConfiguration("database URL is not a valid URL")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw CapstanStoreError.invalidConfiguration("database URL must start with postgres:// or postgresql://")
        }
        guard var host = components.host, !host.isEmpty else {
            throw CapstanStoreError.invalidConfiguration("database URL has no host")
        }
        if host.hasPrefix("["), host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
        }
        guard let username = components.user, !username.isEmpty else {
            throw CapstanStoreError.invalidConfiguration("database URL has no user name")
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        let database = path.removingPercentEncoding ?? path
        guard !database.contains("/") else {
            throw CapstanStoreError.invalidConfiguration("database URL path must be a single database name")
        }
        self.init(
            host: host,
            port: components.port ?? 5432,
            username: username,
            password: components.password,
            database: database.isEmpty ? username : database
        )
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "sslmode":
                guard let mode = TLSMode(rawValue: value) else {
                    throw CapstanStoreError.invalidConfiguration(
                        "sslmode must be one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                tlsMode = mode
            case "sslrootcert":
                rootCertificatePath = value
            case "connect_timeout":
                guard let seconds = Int(value), seconds > 0 else {
                    throw CapstanStoreError.invalidConfiguration("connect_timeout must be a positive number of seconds")
                }
                connectTimeout = .seconds(seconds)
            default:
                throw CapstanStoreError.invalidConfiguration("unsupported database URL parameter '\(item.name)'")
            }
        }
    }
}
