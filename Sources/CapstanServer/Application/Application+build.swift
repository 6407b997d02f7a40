import Hummingbird
import HummingbirdWebSocket
import LiveHub
import Logging
import ServiceLifecycle

/// Builds the Capstan application: the router with every controller, the WebSocket, and the
/// services it runs (the live hub and the engine monitor).
public func buildApplication(
    configuration: ServerConfiguration, registry: EngineRegistry, auth: AuthService, logger: Logger
) -> some ApplicationProtocol {
    let hub = LiveHub(
        engines: registry.engines.map { ($0.name, $0.client) }, configuration: configuration.hub, logger: logger
    )
    return buildApplication(configuration: configuration, registry: registry, hub: hub, auth: auth, logger: logger)
}

/// Builds the Capstan application around a live hub the caller made from the registry's engines, so
/// the caller can read the hub's state (tests count its upstream streams with `EngineHub.upstreamCounts`).
public func buildApplication(
    configuration: ServerConfiguration, registry: EngineRegistry, hub: LiveHub, auth: AuthService, logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(configuration: configuration, registry: registry, hub: hub, auth: auth)
    return Application(
        router: router,
        server: .capstan(webSocketRouter: router, maxFrameBytes: configuration.live.maxFrameBytes),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "capstan"),
        services: [hub, EngineMonitor(registry: registry)],
        logger: logger
    )
}

/// The router: `/healthz`, `/readyz`, the REST API under `/api/v1` and the WebSocket at `/api/v1/ws`.
public func buildRouter(
    configuration: ServerConfiguration, registry: EngineRegistry, hub: LiveHub, auth: AuthService
) -> Router<CapstanRequestContext> {
    let router = Router(context: CapstanRequestContext.self)
    router.add(middleware: ErrorMiddleware())
    router.add(middleware: LogRequestsMiddleware(.debug))
    // Nothing runs before the caller is authenticated and authorized; state changes are audited.
    router.add(middleware: AuthMiddleware(auth: auth))
    router.add(middleware: AuditMiddleware(auditor: auth.auditor))
    let api = router.group("api/v1")
    AuthController(auth: auth).addRoutes(to: api)
    UsersController(auth: auth).addRoutes(to: api)
    SettingsController(auth: auth).addRoutes(to: api)
    AuditController(auth: auth).addRoutes(to: api)
    SystemController(registry: registry).addRoutes(root: router, api: api)
    ContainersController(registry: registry, maxLogLines: configuration.maxLogLines).addRoutes(to: api)
    ImagesController(registry: registry).addRoutes(to: api)
    VolumesController(registry: registry).addRoutes(to: api)
    NetworksController(registry: registry).addRoutes(to: api)
    ProjectsController(registry: registry, auditor: auth.auditor).addRoutes(to: api)
    ImagePullController(registry: registry, auditor: auth.auditor).addRoutes(to: api)
    LiveController(hub: hub, configuration: configuration.live, auth: auth).addRoutes(to: api)
    ExecController(registry: registry, configuration: configuration.exec, auth: auth).addRoutes(to: api)
    UIController(
        uiDirectory: configuration.uiDirectory, vendorDirectory: configuration.vendorDirectory,
        nodeModulesDirectory: configuration.nodeModulesDirectory
    ).addRoutes(to: router)
    return router
}

/// The router with a hub that is not running: enough for REST-only uses such as route tests.
public func buildRouter(configuration: ServerConfiguration, registry: EngineRegistry, auth: AuthService) -> Router<CapstanRequestContext> {
    let hub = LiveHub(
        engines: registry.engines.map { ($0.name, $0.client) }, configuration: configuration.hub,
        logger: Logger(label: "capstan.hub")
    )
    return buildRouter(configuration: configuration, registry: registry, hub: hub, auth: auth)
}
