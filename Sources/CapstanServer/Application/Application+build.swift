import Hummingbird
import Logging
import ServiceLifecycle

/// Builds the Capstan application: the router with every controller, and the services it runs.
///
/// - Parameter registry: the engines, created by the caller so tests can share one.
public func buildApplication(
    configuration: ServerConfiguration, registry: EngineRegistry, logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(configuration: configuration, registry: registry)
    return Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "capstan"),
        services: [EngineMonitor(registry: registry)],
        logger: logger
    )
}

/// The router: `/healthz`, `/readyz` and the API under `/api/v1`.
public func buildRouter(configuration: ServerConfiguration, registry: EngineRegistry) -> Router<CapstanRequestContext> {
    let router = Router(context: CapstanRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    let api = router.group("api/v1")
    SystemController(registry: registry).addRoutes(root: router, api: api)
    ContainersController(registry: registry, maxLogLines: configuration.maxLogLines).addRoutes(to: api)
    ImagesController(registry: registry).addRoutes(to: api)
    VolumesController(registry: registry).addRoutes(to: api)
    NetworksController(registry: registry).addRoutes(to: api)
    return router
}
