import DockerEngine
import LiveHub

/// Everything `capstan serve` needs to know, with the defaults of a safe local install.
public struct ServerConfiguration: Sendable {
    /// The address to bind: loopback by default, since the Docker socket is root on its host.
    public var host: String
    /// The port.
    public var port: Int
    /// The engines to watch; the first is the default.
    public var engines: [EngineConfiguration]
    /// The longest wait for an ordinary engine request.
    public var engineRequestTimeout: Duration
    /// The most lines the non-streaming logs endpoint returns.
    public var maxLogLines: Int
    /// Sizes and limits of the live path.
    public var hub = HubConfiguration()
    /// Limits of the WebSocket endpoint.
    public var live = LiveConfiguration()
    /// Limits of the exec terminal endpoint.
    public var exec = ExecConfiguration()
    /// The web UI's folder (`index.html`, `css/`, `js/`): the repository's `ui/`, found from the executable or the current directory.
    public var uiDirectory = UIDirectories.defaultUI()
    /// The folder of the packaged JavaScript libraries served under `/vendor/` (Debian's `libjs-*` install here).
    public var vendorDirectory = UIDirectories.defaultVendor
    /// The folder of packaged Node modules served under `/vendor-node/` (Debian's `node-*` install here; xterm.js comes from it).
    public var nodeModulesDirectory = UIDirectories.defaultNodeModules

    /// Creates a configuration.
    public init(
        host: String = "127.0.0.1", port: Int = 5007, engines: [EngineConfiguration] = [EngineConfiguration(name: "local", host: .local)],
        engineRequestTimeout: Duration = .seconds(60), maxLogLines: Int = 10_000
    ) {
        self.host = host
        self.port = port
        self.engines = engines
        self.engineRequestTimeout = engineRequestTimeout
        self.maxLogLines = maxLogLines
    }
}

/// One engine: the name clients use in URLs and where it listens.
public struct EngineConfiguration: Sendable, Hashable {
    /// The name in `/api/v1/engines/{name}/…`: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
    public var name: String
    /// Where the engine listens.
    public var host: DockerHost

    /// Creates an engine configuration.
    public init(name: String, host: DockerHost) {
        self.name = name
        self.host = host
    }

    /// Parses `[name=]url` (`unix:///var/run/docker.sock`, `prod=tcp://10.0.0.5:2376`).
    ///
    /// - Parameter tls: TLS settings applied to `tcp://` hosts (from the DOCKER_TLS_* environment).
    public static func parse(_ text: String, defaultName: String, tls: DockerHost.TLS? = nil) throws -> EngineConfiguration {
        var name = defaultName
        var address = text
        if let equals = text.firstIndex(of: "="), !text[..<equals].contains(":"), !text[..<equals].contains("/") {
            name = String(text[..<equals])
            address = String(text[text.index(after: equals)...])
        }
        guard ObjectReference.isValid(name, kind: .container) else {
            throw DockerError(code: .badRequest, message: "invalid engine name '\(name)': use letters, digits, '_', '.', '-'")
        }
        var host = try DockerHost.parse(address, tls: tls)
        if case .unix = host.endpoint { host.tls = nil }
        return EngineConfiguration(name: name, host: host)
    }
}
