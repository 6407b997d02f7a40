import DockerEngine
import Hummingbird
import HummingbirdWebSocket
import Logging

/// `GET /api/v1/engines/{engine}/containers/{container}/exec`: an interactive terminal in a container over a
/// WebSocket (protocol: ``CapstanWire/TerminalClientMessage``, ``CapstanWire/TerminalServerMessage``).
///
/// Everything that can be checked cheaply and without side effects — the engine, the container (exists,
/// runs, not paused), the query, the per-address limit — is checked before the upgrade, so those failures
/// are ordinary HTTP errors. (Hummingbird runs this check again as a plain HTTP request when it refuses the
/// upgrade, so it must not create anything.) The exec itself is created after the upgrade; failures from
/// then on are an `error` message and a close (see ``TerminalSession/CloseCode``).
struct ExecController {
    let registry: EngineRegistry
    let configuration: ExecConfiguration
    let limiter: ConnectionLimiter

    init(registry: EngineRegistry, configuration: ExecConfiguration) {
        self.registry = registry
        self.configuration = configuration
        self.limiter = ConnectionLimiter(limit: configuration.maxSessionsPerAddress)
    }

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        let registry = self.registry
        let configuration = self.configuration
        let limiter = self.limiter
        api.ws(
            "engines/:engine/containers/:container/exec",
            shouldUpgrade: { request, context in
                // AUTH: once sign-in lands (issue 4), require the admin role here — or operator when the
                // setting that grants exec to operators is on — before any engine call; a viewer gets 403.
                // The per-address limit below then becomes per user.
                let engine = try registry.engine(context.parameters.require("engine"))
                let container = try context.parameters.reference("container", kind: .container)
                _ = try ExecRequest(request)
                guard limiter.hasRoom(context.clientAddress) else {
                    throw APIError(
                        .tooManyRequests, code: "limit_reached",
                        message: "at most \(limiter.limit) terminal sessions per client address"
                    )
                }
                let state = try await engine.call { try await $0.inspectContainer(container) }.state
                guard state.running else {
                    throw APIError(.conflict, code: "conflict", message: "container \(container) is not running", engine: engine.name)
                }
                guard !state.paused else {
                    throw APIError(.conflict, code: "conflict", message: "container \(container) is paused", engine: engine.name)
                }
                return .upgrade([:])
            },
            onUpgrade: { inbound, outbound, context in
                let requestContext = context.requestContext
                let address = requestContext.clientAddress
                // Counted once upgraded (a plain GET on this path never holds a slot).
                guard limiter.acquire(address) else {
                    try await outbound.close(
                        TerminalSession.CloseCode.limitReached,
                        reason: "at most \(limiter.limit) terminal sessions per client address"
                    )
                    return
                }
                defer { limiter.release(address) }
                // Checked before the upgrade already; a failure here would be a bug, reported as a start failure.
                let session: TerminalSession
                do {
                    session = TerminalSession(
                        engine: try registry.engine(requestContext.parameters.require("engine")),
                        container: try requestContext.parameters.reference("container", kind: .container),
                        request: try ExecRequest(context.request), configuration: configuration, clientAddress: address,
                        logger: requestContext.logger
                    )
                } catch {
                    try await outbound.close(TerminalSession.CloseCode.startFailed, reason: "\(error)")
                    return
                }
                await session.run(inbound: inbound, outbound: outbound)
            }
        )
    }
}
