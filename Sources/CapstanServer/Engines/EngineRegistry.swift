import DockerEngine
import Logging

/// The engines Capstan watches, by name.
public final class EngineRegistry: Sendable {
    /// In configuration order; the first is the default.
    public let engines: [EngineHandle]
    private let byName: [String: EngineHandle]

    /// Creates clients for the configured engines (nothing is contacted yet).
    public init(configuration: ServerConfiguration, logger: Logger) throws {
        var handles: [EngineHandle] = []
        var byName: [String: EngineHandle] = [:]
        for engine in configuration.engines {
            guard byName[engine.name] == nil else {
                throw DockerError(code: .badRequest, message: "two engines are named '\(engine.name)'")
            }
            let handle = try EngineHandle(
                configuration: engine, requestTimeout: configuration.engineRequestTimeout, logger: logger
            )
            handles.append(handle)
            byName[engine.name] = handle
        }
        self.engines = handles
        self.byName = byName
    }

    /// The engine with this name, or a 404 naming the known ones.
    public func engine(_ name: String) throws -> EngineHandle {
        guard let handle = byName[name] else {
            throw APIError.notFound(
                "no engine named '\(name)'; known engines: \(engines.map(\.name).joined(separator: ", "))", engine: name
            )
        }
        return handle
    }

    /// Closes every client.
    public func shutdown() async {
        for engine in engines {
            engine.finish()
            try? await engine.client.shutdown()
        }
    }
}
