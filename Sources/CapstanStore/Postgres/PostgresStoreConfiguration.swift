import PostgresNIO

/// Where and how ``PostgresStore`` connects. Usually made from a URL with ``init(url:)``.
///
/// `description`, `debugDescription` and the reflection mirror (`dump`) never show the password, so the value can
/// be logged.
public struct PostgresStoreConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Transport security, with libpq's `sslmode` names and meanings.
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP. The default for loopback hosts.
        case disable
        /// TLS if the server offers it, without checking its certificate; plain otherwise.
        case prefer
        /// TLS required, certificate not checked (protects against eavesdropping, not impersonation).
        case require
        /// TLS required, certificate chain checked, host name not.
        case verifyCA = "verify-ca"
        /// TLS required, certificate and host name checked. The default for non-loopback hosts.
        case verifyFull = "verify-full"
    }

    /// Server host name or IP address.
    public var host: String
    /// Server port.
    public var port: Int
    /// Role to sign in as.
    public var username: String
    /// Its password, if the server asks for one.
    public var password: String?
    /// Database name.
    public var database: String
    /// See ``TLSMode``.
    public var tlsMode: TLSMode
    /// A PEM file of CA certificates to trust instead of the system's (libpq's `sslrootcert`).
    public var rootCertificatePath: String?
    /// How long establishing one connection may take.
    public var connectTimeout: Duration = .seconds(5)
    /// How long any store call may wait for the database (including waiting for a connection) before failing
    /// with ``CapstanStoreError/unavailable``. Keeps audited actions from hanging while the database is away.
    ///
    /// A statement already sent when the deadline passes is not recalled: a call that timed out may still have
    /// been applied (an audit row written for an action the caller then refused). That errs on the safe side.
    public var operationTimeout: Duration = .seconds(5)
    /// The most connections the store opens.
    public var maximumConnections: Int = 10
    /// A `search_path` to set on every connection (a schema name), or `nil` for the server's default.
    /// Lets Capstan share a database with other applications, and tests run in throw-away schemas.
    public var schema: String?

    /// Creates a configuration. `tlsMode` defaults to ``TLSMode/disable`` for loopback hosts and
    /// ``TLSMode/verifyFull`` for any other host.
    public init(
        host: String,
        port: Int = 5432,
        username: String,
        password: String?,
        database: String,
        tlsMode: TLSMode? = nil
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tlsMode = tlsMode ?? (Self.isLoopback(host) ? .disable : .verifyFull)
    }

    /// `postgres://user:***@host:port/database?sslmode=…` — the password is never shown.
    public var description: String {
        let credentials = username + (password == nil ? "" : ":***")
        let hostPart = host.contains(":") ? "[\(host)]" : host
        var text = "postgres://\(credentials)@\(hostPart):\(port)/\(database)?sslmode=\(tlsMode.rawValue)"
        if let schema { text += " (schema \(schema))" }
        return text
    }

    /// Same as ``description``.
    public var debugDescription: String { description }

    /// A mirror without the password, for `dump` and debuggers.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "host": host, "port": port, "username": username, "password": password == nil ? "nil" : "***",
                "database": database, "tlsMode": tlsMode, "schema": schema as Any,
            ],
            displayStyle: .struct
        )
    }

    /// `localhost`, `127.0.0.0/8` and `::1`: traffic that never leaves the machine, so plain TCP is acceptable.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased()
        if host == "localhost" || host == "::1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
