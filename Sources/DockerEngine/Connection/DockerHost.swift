import Foundation

/// Where a Docker engine listens and how to talk to it, as `DOCKER_HOST` and friends describe it.
///
/// Resolution follows the docker CLI: `unix://PATH` (default `/var/run/docker.sock`), or
/// `tcp://HOST[:PORT]` (port 2375 when omitted) with TLS when `DOCKER_TLS_VERIFY` (verify the server)
/// or `DOCKER_TLS` (no verification) is non-empty, reading `ca.pem`, `cert.pem` and `key.pem` from
/// `DOCKER_CERT_PATH` (default `~/.docker`).
public struct DockerHost: Sendable, Hashable, CustomStringConvertible {
    /// The socket the engine listens on.
    public enum Endpoint: Sendable, Hashable {
        /// A unix domain socket at this path.
        case unix(path: String)
        /// A TCP address.
        case tcp(host: String, port: Int)
    }

    /// TLS settings for a `tcp://` engine.
    public struct TLS: Sendable, Hashable {
        /// The CA that signed the engine's certificate (`ca.pem`), or `nil` for the system roots.
        public var caFile: String?
        /// The client certificate (`cert.pem`), sent when both it and the key exist.
        public var certificateFile: String?
        /// The client key (`key.pem`).
        public var keyFile: String?
        /// Whether the engine's certificate and host name are verified.
        public var verify: Bool

        /// Creates TLS settings.
        public init(caFile: String?, certificateFile: String?, keyFile: String?, verify: Bool) {
            self.caFile = caFile
            self.certificateFile = certificateFile
            self.keyFile = keyFile
            self.verify = verify
        }

        /// The files a docker CLI expects in a certificate folder, those that exist.
        public static func fromCertificateFolder(_ folder: String, verify: Bool) -> TLS {
            func existing(_ name: String) -> String? {
                let path = (folder as NSString).appendingPathComponent(name)
                return FileManager.default.fileExists(atPath: path) ? path : nil
            }
            return TLS(
                caFile: existing("ca.pem"), certificateFile: existing("cert.pem"), keyFile: existing("key.pem"),
                verify: verify
            )
        }
    }

    /// The default socket of a local engine.
    public static let defaultSocketPath = "/var/run/docker.sock"

    /// The socket.
    public var endpoint: Endpoint
    /// TLS settings, only for `tcp`.
    public var tls: TLS?

    /// Creates a host from its parts.
    public init(endpoint: Endpoint, tls: TLS? = nil) {
        self.endpoint = endpoint
        self.tls = tls
    }

    /// The local engine at `/var/run/docker.sock`.
    public static let local = DockerHost(endpoint: .unix(path: defaultSocketPath))

    /// Parses a `DOCKER_HOST` value (`unix:///path`, `/path`, `tcp://host:port`, `host:port`).
    ///
    /// - Throws: ``DockerError`` with code `badRequest` for an unsupported scheme or a malformed address.
    public static func parse(_ text: String, tls: TLS? = nil) throws -> DockerHost {
        let value = text.trimmingCharacters(in: .whitespaces)
        if value.isEmpty { return DockerHost(endpoint: .unix(path: defaultSocketPath)) }
        if value.hasPrefix("/") || value.hasPrefix("./") { return DockerHost(endpoint: .unix(path: value)) }
        let scheme: String
        let rest: Substring
        if let range = value.range(of: "://") {
            scheme = value[..<range.lowerBound].lowercased()
            rest = value[range.upperBound...]
        } else {
            scheme = "tcp"
            rest = Substring(value)
        }
        switch scheme {
        case "unix":
            guard !rest.isEmpty else { throw invalid(text, "the unix socket path is empty") }
            return DockerHost(endpoint: .unix(path: String(rest)))
        case "tcp", "http", "https":
            let address = rest.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
            let (host, port) = try splitHostPort(address, original: text)
            var tls = tls
            if scheme == "https", tls == nil { tls = TLS(caFile: nil, certificateFile: nil, keyFile: nil, verify: true) }
            return DockerHost(endpoint: .tcp(host: host, port: port), tls: tls)
        default:
            throw invalid(text, "unsupported scheme '\(scheme)' (use unix:// or tcp://)")
        }
    }

    /// Resolves the engine from `DOCKER_HOST`, `DOCKER_TLS_VERIFY`, `DOCKER_TLS` and `DOCKER_CERT_PATH`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> DockerHost
    {
        let verify = !(environment["DOCKER_TLS_VERIFY"] ?? "").isEmpty
        let tlsOn = verify || !(environment["DOCKER_TLS"] ?? "").isEmpty
        var tls: TLS?
        if tlsOn {
            let home = environment["HOME"] ?? NSHomeDirectory()
            let folder = environment["DOCKER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.docker"
            tls = .fromCertificateFolder(folder, verify: verify)
        }
        var host = try parse(environment["DOCKER_HOST"] ?? "", tls: tls)
        if case .unix = host.endpoint { host.tls = nil }
        return host
    }

    /// `unix:///var/run/docker.sock` or `tcp://host:port` (with `+tls` when TLS is on).
    public var description: String {
        switch endpoint {
        case .unix(let path): "unix://\(path)"
        case .tcp(let host, let port): "tcp://\(host.contains(":") ? "[\(host)]" : host):\(port)\(tls == nil ? "" : " (TLS)")"
        }
    }

    private static func splitHostPort(_ address: String, original: String) throws -> (String, Int) {
        guard !address.isEmpty else { throw invalid(original, "the host is empty") }
        var host = address
        var portText: String?
        if address.hasPrefix("[") {
            // An IPv6 literal: [::1]:2376
            guard let close = address.firstIndex(of: "]") else { throw invalid(original, "unclosed '['") }
            host = String(address[address.index(after: address.startIndex)..<close])
            let after = address[address.index(after: close)...]
            if after.hasPrefix(":") { portText = String(after.dropFirst()) }
        } else if let colon = address.lastIndex(of: ":") {
            host = String(address[..<colon])
            portText = String(address[address.index(after: colon)...])
        }
        guard !host.isEmpty else { throw invalid(original, "the host is empty") }
        guard let portText else { return (host, 2375) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw invalid(original, "the port '\(portText)' is not a number from 1 to 65535")
        }
        return (host, port)
    }

    private static func invalid(_ text: String, _ reason: String) -> DockerError {
        DockerError(code: .badRequest, message: "invalid docker host '\(text)': \(reason)")
    }
}
