import CapstanWire
import DockerEngine
import Foundation
import LiveHub
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// One client's WebSocket: a ``LiveSocket`` reads it and a ``RequestRunner`` answers its requests in
/// order; writing is done on the channel's event loop by a ``LiveWriter`` the client's queue notifies,
/// and the deadlines are checked by the shared ``ConnectionSweeper``. Nothing here ever blocks the hub,
/// and an idle connection holds no task at all: only its channel handlers and its queue.
struct LiveConnection {
    let hub: LiveHub
    let configuration: LiveConfiguration
    let logger: Logger
    /// Verifies replacement tokens (`authenticate`).
    let auth: AuthService
    /// Who opened the connection.
    let identity: Identity
    /// Checks this connection's deadlines along with every other's.
    let sweeper: ConnectionSweeper
    /// Pings this connection along with every other on its event loop.
    let keepalive: KeepaliveWheel.Registry

    /// Close codes, documented in docs/protocol.md.
    enum CloseCode {
        static let idle = WebSocketErrorCode(codeNumber: 4000)
        static let tokenExpired = WebSocketErrorCode(codeNumber: 4001)
        static let tooSlow = WebSocketErrorCode(codeNumber: 4008)
    }

    /// What the reader and the sweeper's check share: the subscriptions and the last message time.
    final class Activity: Sendable {
        struct State {
            var subscriptions: Set<String> = []
            /// Subscribe requests being handled (one can wait for an engine's first list): not idle meanwhile.
            var subscribing = 0
            var lastActivity = ContinuousClock.now
            var nextID = 0
            var expiresAt = Date.distantFuture
            var warnedExpiry = false
        }
        private let state = Mutex(State())

        func withLock<Result>(_ body: (inout State) -> Result) -> Result { state.withLock { body(&$0) } }
    }

    /// How many messages may wait behind the one being answered (``RequestRunner``).
    static let pendingLimit = 64

    /// Sets the connection up in its freshly upgraded channel, on the channel's event loop, and returns: from
    /// here on it lives in its handlers (``LiveSocket`` reads, ``LiveWriter`` writes, ``KeepaliveHandler``
    /// pings) and in a task only while a request is being answered. `onEnd` runs once, when it is gone.
    func start(on channel: any Channel, socket: LiveSocket, onEnd: @escaping @Sendable () -> Void) throws {
        let queue = ClientQueue(
            capacity: configuration.queueCapacity, slowLimit: configuration.slowClientLimit, lane: EventLoopLane(loop: channel.eventLoop)
        )
        let activity = Activity()
        activity.withLock { $0.expiresAt = identity.expiresAt }
        queue.push(.message(.welcome(welcome())))
        let closer = ConnectionCloser(socket: socket, loop: channel.eventLoop, logger: logger)
        let registration = register(queue: queue, activity: activity, closer: closer)
        let runner = RequestRunner<LiveSocket.Message>(limit: Self.pendingLimit) { message in
            guard let request = parse(message, queue: queue, activity: activity) else { return }
            await handle(request, queue: queue, activity: activity)
        }
        let hub = self.hub
        socket.onMessage = { message in
            if !runner.enqueue(message) {
                queue.push(.message(.error(ErrorReply(
                    code: "limit_reached", message: "at most \(Self.pendingLimit) messages may wait for an answer; wait for the answers before sending more"
                ))))
            }
        }
        socket.onEnd = {
            runner.end {
                registration.cancel()
                hub.disconnect(queue)  // which closes the queue
                onEnd()
            }
        }
        let slowLimit = configuration.slowClientLimit
        let writer = LiveWriter(
            queue: queue,
            resnapshot: { sub, engine in hub.engine(engine)?.resnapshot(queue: queue, sub: sub) },
            onBlocked: { registration.watch() },
            onTooSlow: { closer.close(.tooSlow(slowLimit)) }
        )
        try LiveWriter.install(on: channel, keepalive: keepalive, writer: writer, socket: socket)
    }

    /// The first message: the protocol, the engines and the limits.
    private func welcome() -> Welcome {
        Welcome(
            protocolVersion: 1, server: "capstan", engines: hub.engines.map(\.status),
            limits: [
                "maxMessageBytes": configuration.maxMessageBytes,
                "maxSubscriptions": configuration.maxSubscriptionsPerConnection,
                "maxViewersPerContainer": hub.configuration.maxViewersPerContainer,
                "idleTimeoutSeconds": Int(configuration.idleTimeout.components.seconds),
            ],
            serverTime: Int64((Date().timeIntervalSince1970 * 1000).rounded())
        )
    }

    // MARK: Deadlines

    private enum Verdict { case fine, warn, expired, idle }

    /// What the deadlines say now; `mark` records that the expiry warning is being sent.
    private static func verdict(
        _ state: inout Activity.State, configuration: LiveConfiguration, now: ContinuousClock.Instant, date: Date, mark: Bool
    ) -> Verdict {
        if date >= state.expiresAt.addingTimeInterval(configuration.reauthenticationGrace) { return .expired }
        if date >= state.expiresAt, !state.warnedExpiry {
            if mark { state.warnedExpiry = true }
            return .warn
        }
        if state.subscriptions.isEmpty, state.subscribing == 0, now - state.lastActivity > configuration.idleTimeout {
            return .idle
        }
        return .fine
    }

    /// Puts this connection's deadline check into the shared sweeper: a stuck queue, an expired token past
    /// its grace or an idle connection without a subscription is closed; an expiring token is warned about.
    private func register(queue: ClientQueue, activity: Activity, closer: ConnectionCloser) -> ConnectionSweeper.Registration {
        let configuration = self.configuration
        return sweeper.register { now, date, thorough in
            // The queue closes a client that stayed behind when something arrives; a burst that ended while the
            // client was stuck is caught here.
            if queue.closeIfStuck(now: now) {
                closer.close(.tooSlow(configuration.slowClientLimit))
                return false
            }
            let behind = queue.isBehind
            guard thorough else { return behind }
            switch activity.withLock({ Self.verdict(&$0, configuration: configuration, now: now, date: date, mark: true) }) {
            case .fine:
                break
            case .warn:
                queue.push(.message(.error(ErrorReply(
                    code: "token_expired",
                    message: "the access token expired; send {\"type\":\"authenticate\",\"token\":…} with a fresh one within \(Int(configuration.reauthenticationGrace)) s"
                ))))
            case .expired:
                closer.close(.tokenExpired)
            case .idle:
                closer.close(.idle(configuration.idleTimeout))
            }
            return behind
        }
    }

    // MARK: Reading

    /// Shared: a decoder holds only its options.
    private static let decoder = JSONDecoder()

    /// A message's request, or nil when the client was answered with an error instead.
    private func parse(_ message: LiveSocket.Message, queue: ClientQueue, activity: Activity) -> ClientMessage? {
        activity.withLock { $0.lastActivity = .now }
        let data: Data
        switch message {
        case .text(let buffer):
            data = Data(buffer.readableBytesView)
        case .binary:
            queue.push(.message(.error(ErrorReply(code: "bad_message", message: "send JSON text messages; binary messages are not part of the protocol"))))
            return nil
        }
        guard data.count <= configuration.maxMessageBytes else {
            queue.push(.message(.error(ErrorReply(
                code: "too_large", message: "messages are limited to \(configuration.maxMessageBytes) bytes; this one had \(data.count)"
            ))))
            return nil
        }
        do {
            return try Self.decoder.decode(ClientMessage.self, from: data)
        } catch {
            queue.push(.message(.error(Self.describe(error, data: data))))
            return nil
        }
    }

    private func handle(_ request: ClientMessage, queue: ClientQueue, activity: Activity) async {
        switch request {
        case .ping(let ping):
            queue.push(.message(.pong(ping)))
        case .authenticate(let message):
            do {
                let fresh = try await auth.authenticate(bearer: message.token)
                guard fresh.userID == identity.userID else {
                    queue.push(.message(.error(ErrorReply(id: message.id, code: "forbidden", message: "the token belongs to another user", field: "token"))))
                    return
                }
                activity.withLock {
                    $0.expiresAt = fresh.expiresAt
                    $0.warnedExpiry = false
                }
                queue.push(.message(.ok(OkReply(id: message.id, sub: nil))))
            } catch {
                let text = (error as? APIError)?.body.message ?? "the token is not valid"
                queue.push(.message(.error(ErrorReply(id: message.id, code: "unauthorized", message: text, field: "token"))))
            }
        case .unsubscribe(let message):
            var found = false
            for engine in hub.engines where engine.unsubscribe(queue: queue, sub: message.sub) { found = true }
            if hub.resources.unsubscribe(queue: queue, sub: message.sub) { found = true }
            activity.withLock { _ = $0.subscriptions.remove(message.sub) }
            // After the changes already handed to the event loop: none of this subscription follows the answer.
            queue.pushAfterDeliveries(.message(found
                ? .ok(OkReply(id: message.id, sub: message.sub))
                : .error(ErrorReply(id: message.id, sub: message.sub, code: "not_found", message: "no subscription '\(message.sub)'", field: "sub"))))
        case .subscribeContainers(let message):
            await subscribe(id: message.id, sub: message.sub, queue: queue, activity: activity) { sub in
                for engine in try engines(message.engine) {
                    // Right after start, the snapshot is the engine's first list, not an empty table.
                    await engine.waitUntilListed()
                    engine.subscribeContainers(queue: queue, sub: sub, requestID: message.id, resumeFrom: message.resume?[engine.name])
                }
            }
        case .subscribeEvents(let message):
            await subscribe(id: message.id, sub: message.sub, queue: queue, activity: activity) { sub in
                let filter = EventFilter(
                    types: message.types ?? [], actions: message.actions ?? [], object: message.object,
                    includeExec: message.includeExec ?? false
                )
                for engine in try engines(message.engine) { engine.subscribeEvents(queue: queue, sub: sub, filter: filter) }
            }
        case .subscribeStats(let message):
            await subscribe(id: message.id, sub: message.sub, queue: queue, activity: activity) { sub in
                guard let engine = try engines(message.engine).first else { return }
                try await engine.subscribeStats(queue: queue, sub: sub, requestID: message.id, container: message.container)
            }
        case .subscribeLogs(let message):
            await subscribe(id: message.id, sub: message.sub, queue: queue, activity: activity) { sub in
                guard let engine = try engines(message.engine).first else { return }
                try await engine.subscribeLogs(queue: queue, sub: sub, requestID: message.id, request: try logRequest(message))
            }
        case .subscribeResources(let message):
            await subscribe(id: message.id, sub: message.sub, queue: queue, activity: activity) { sub in
                try await subscribeResources(message, sub: sub, queue: queue)
            }
        }
    }

    /// Runs a subscribe request: checks the limit and the id, then answers `ok` or `error`.
    private func subscribe(
        id: String?, sub requested: String?, queue: ClientQueue, activity: Activity,
        _ body: (String) async throws -> Void
    ) async {
        let sub: String? = activity.withLock { activity in
            if let requested { return activity.subscriptions.contains(requested) ? nil : requested }
            activity.nextID += 1
            return id.flatMap { activity.subscriptions.contains($0) ? nil : $0 } ?? "s\(activity.nextID)"
        }
        guard let sub else {
            queue.push(.message(.error(ErrorReply(id: id, sub: requested, code: "bad_message", message: "subscription '\(requested ?? id ?? "")' already exists", field: "sub"))))
            return
        }
        let count = activity.withLock { $0.subscriptions.count }
        guard count < configuration.maxSubscriptionsPerConnection else {
            queue.push(.message(.error(ErrorReply(id: id, sub: sub, code: "limit_reached", message: "at most \(configuration.maxSubscriptionsPerConnection) subscriptions per connection"))))
            return
        }
        activity.withLock { $0.subscribing += 1 }
        defer {
            activity.withLock { state in
                state.subscribing -= 1
                state.lastActivity = .now
            }
        }
        do {
            try await body(sub)
            activity.withLock { _ = $0.subscriptions.insert(sub) }
            queue.push(.message(.ok(OkReply(id: id, sub: sub))))
        } catch {
            // Whatever was attached before the failure is taken back.
            for engine in hub.engines { engine.unsubscribe(queue: queue, sub: sub) }
            queue.push(.message(.error(Self.reply(for: error, id: id, sub: sub))))
        }
    }
}
