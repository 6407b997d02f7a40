import DockerEngine
import Logging
import ServiceLifecycle

/// The live path of every engine: a `Service` that runs each engine's event loop and every
/// upstream stream clients asked for, as children of its own `run()`.
public final class LiveHub: Service, Sendable {
    /// The engines, in configuration order.
    public let engines: [EngineHub]
    private let byName: [String: EngineHub]
    private let spawner: TaskSpawner
    /// The sizes and limits in force.
    public let configuration: HubConfiguration
    /// The live image, volume and network lists of every engine.
    public let resources: ResourceHubs

    /// Creates the hub for engines given by name and client (the clients stay owned by the caller).
    public init(engines: [(name: String, client: DockerClient)], configuration: HubConfiguration = HubConfiguration(), logger: Logger) {
        self.configuration = configuration
        let spawner = TaskSpawner()
        self.spawner = spawner
        let hubs = engines.map { EngineHub(name: $0.name, client: $0.client, configuration: configuration, spawner: spawner, logger: logger) }
        self.engines = hubs
        self.byName = Dictionary(hubs.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.resources = ResourceHubs(engines: engines, configuration: configuration, spawner: spawner, logger: logger)
    }

    /// The engine with this name.
    public func engine(_ name: String) -> EngineHub? { byName[name] }

    /// Runs until cancelled or shut down gracefully.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for engine in self.engines {
                    group.addTask { await engine.run() }
                }
                for await job in self.spawner.jobs {
                    group.addTask { await job() }
                }
            }
        }
        for engine in engines { engine.finish() }
    }

    /// Ends every subscription of a client that went away.
    public func disconnect(_ queue: ClientQueue) {
        for engine in engines { engine.unsubscribeAll(queue: queue) }
        resources.unsubscribeAll(queue: queue)
        queue.close(.finished)
    }
}
