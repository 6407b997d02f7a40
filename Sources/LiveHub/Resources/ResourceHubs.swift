import DockerEngine
import Logging

/// The resource hubs of every engine, by name.
public final class ResourceHubs: Sendable {
    /// In configuration order.
    public let engines: [ResourceHub]
    private let byName: [String: ResourceHub]

    init(engines: [(name: String, client: DockerClient)], configuration: HubConfiguration, spawner: TaskSpawner, logger: Logger) {
        let hubs = engines.map {
            ResourceHub(engine: $0.name, client: $0.client, configuration: configuration, spawner: spawner, logger: logger)
        }
        self.engines = hubs
        self.byName = Dictionary(hubs.map { ($0.engine, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The hub of one engine.
    public func engine(_ name: String) -> ResourceHub? { byName[name] }

    /// Ends subscription `sub` of a client wherever it is; returns whether it existed.
    @discardableResult
    public func unsubscribe(queue: ClientQueue, sub: String) -> Bool {
        var found = false
        for hub in engines where hub.unsubscribe(queue: queue, sub: sub) { found = true }
        return found
    }

    /// Ends every resource subscription of a client.
    public func unsubscribeAll(queue: ClientQueue) {
        for hub in engines { hub.unsubscribeAll(queue: queue) }
    }
}
