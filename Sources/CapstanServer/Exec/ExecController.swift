import DockerEngine
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging

/// `GET /api/v1/engines/{engine}/containers/{container}/exec`: an interactive terminal in a container over a
/// WebSocket (protocol: ``CapstanWire/TerminalClientMessage``, ``CapstanWire/TerminalServerMessage``).
///
/// Everything that can be checked cheaply and without side effects — the caller, the `Origin`, that the audit
/// can be written, the engine, the container (exists, runs, not paused), the query, the limits — is checked
/// before the upgrade, so those failures are ordinary HTTP errors. (A client runs the same check as a plain
/// `GET` to learn why an upgrade was refused — a refused upgrade is a bare 400 — so it must not create
/// anything.) The exec itself is created after the upgrade; failures from then on are an `error` message
/// and a close (see ``TerminalSession/CloseCode``). Start and end are audited (`exec.start`, `exec.end` with the exit code).
struct ExecController {
    let registry: EngineRegistry
    let configuration: ExecConfiguration
    let auth: AuthService
    /// Sessions per client address and per user.
    let slots: ConnectionSlots

    init(registry: EngineRegistry, configuration: ExecConfiguration, auth: AuthService) {
        self.registry = registry
        self.configuration = configuration
        self.auth = auth
        self.slots = ConnectionSlots(
            perAddress: configuration.maxSessionsPerAddress, perUser: configuration.maxSessionsPerUser, noun: "terminal sessions"
        )
    }

    func addRoutes(to api: RouterGroup<CapstanRequestContext>) {
        api.webSocket("engines/:engine/containers/:container/exec") { [self] request, context, identity in
            // AUTH: the role check of this route is its rule in AccessPolicy (admin, or operator while the
            // `exec.operators` setting is on), which AuthMiddleware has enforced before this closure runs.
            // Here: terminals must be on, and a browser page must come from an allowed origin.
            guard auth.settings.value(.execEnabled) else {
                throw APIError(.forbidden, code: "forbidden", message: "terminals are turned off on this server (setting exec.enabled)")
            }
            try request.checkWebSocketOrigin(allowed: auth.configuration.allowedOrigins)
            // Fail closed: no terminal while its start and end cannot be audited.
            try await auth.auditor.ensureAvailable()
            let engine = try registry.engine(context.parameters.require("engine"))
            let container = try context.parameters.reference("container", kind: .container)
            _ = try ExecRequest(request)
            if let refusal = slots.refusal(address: context.clientAddress, user: identity.userID.uuidString) {
                throw APIError(.tooManyRequests, code: "limit_reached", message: refusal)
            }
            let state = try await engine.call { try await $0.inspectContainer(container) }.state
            guard state.running else {
                throw APIError(.conflict, code: "conflict", message: "container \(container) is not running", engine: engine.name)
            }
            guard !state.paused else {
                throw APIError(.conflict, code: "conflict", message: "container \(container) is paused", engine: engine.name)
            }
            return .task { inbound, outbound, _ in
                try await run(inbound: inbound, outbound: outbound, request: request, context: context, identity: identity)
            }
        }
    }

    /// One terminal, after the upgrade: its slots (counted once upgraded: a plain GET on this path never holds
    /// one), the session, its end.
    private func run(
        inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter, request: Request, context: CapstanRequestContext,
        identity: Identity
    ) async throws {
        let (address, user) = (context.clientAddress, identity.userID.uuidString)
        if let refusal = slots.take(address: address, user: user) {
            try await outbound.close(TerminalSession.CloseCode.limitReached, reason: refusal)
            return
        }
        defer { slots.give(address: address, user: user) }
        // Checked before the upgrade already; a failure here would be a bug, reported as a start failure.
        let session: TerminalSession
        do {
            session = TerminalSession(
                engine: try registry.engine(context.parameters.require("engine")),
                container: try context.parameters.reference("container", kind: .container),
                request: try ExecRequest(request), configuration: configuration, identity: identity,
                client: context.client, auditor: auth.auditor, logger: context.logger
            )
        } catch {
            try await outbound.close(TerminalSession.CloseCode.startFailed, reason: "\(error)")
            return
        }
        await session.run(inbound: inbound, outbound: outbound)
    }
}
