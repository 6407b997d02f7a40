import CapstanWire
import DockerEngine
import Logging
import Synchronization

/// Everything live about one engine: its container list, event feed, log tails and stats streams.
///
/// One events stream per engine feeds the container table and the events subscribers; tails and
/// collectors are created on the first viewer's demand and stop after the last one leaves. Every
/// delivery is a non-blocking push into a client's ``ClientQueue``, made while holding this hub's
/// lock so a subscriber's snapshot and the changes after it can never interleave wrongly.
public final class EngineHub: Sendable {
    /// The engine's name.
    public let name: String
    /// The engine client.
    public let client: DockerClient
    let configuration: HubConfiguration
    let spawner: TaskSpawner
    let logger: Logger

    /// A subscription's key: the client queue and the client's subscription id.
    struct SubscriberKey: Hashable, Sendable {
        let queue: ObjectIdentifier
        let sub: String
    }

    struct EventSubscriber: Sendable {
        let queue: ClientQueue
        let sub: String
        let filter: EventFilter
    }

    struct State: Sendable {
        var table: ContainerTable
        var status = EngineStatus(engine: "", status: "reconnecting")
        var stateSubscribers = LanedSubscribers()
        var eventSubscribers: [SubscriberKey: EventSubscriber] = [:]
        var tails: [String: LogTail] = [:]
        var collectors: [String: StatsCollector] = [:]
        var observers: [String: [Int: AsyncStream<ContainerLifecycle>.Continuation]] = [:]
        var nextObserver = 0
        var selectors: [SubscriberKey: LogSelection] = [:]
        /// Where each container's last log tail ended, for its next tail (see ``LogTail/Anchor``).
        var logAnchors: [String: LogTail.Anchor] = [:]
        var refreshPending: Set<String> = []
        /// The containers of the refresh in flight.
        var refreshing: Set<String> = []
        /// Containers that started since their last refresh: their refresh also inspects them.
        var inspectPending: Set<String> = []
        /// The state the last event of a container set and the one it replaced, until the engine's list
        /// agrees (see ``refreshLoop()``).
        var eventStates: [String: EventState] = [:]
        /// The `timeNano` of the newest event applied to each container: the engine can deliver an event
        /// after a later one (see `EventCursor`), and an older event must not undo a newer state.
        var eventTimes: [String: Int64] = [:]
        /// Containers destroyed lately: a row of one read before its `destroy` was handled is stale, whoever
        /// read it (the refresh, `resolveOrRead`).
        var destroyed = RecentIDs(capacity: 1024)
        var listed = Latch()
    }

    let state: Mutex<State>
    /// Wakes ``refreshLoop()`` (newest only: one wake covers every pending id).
    let refreshSignal: AsyncStream<Void>.Continuation
    let refreshSignals: AsyncStream<Void>

    init(name: String, client: DockerClient, configuration: HubConfiguration, spawner: TaskSpawner, logger: Logger) {
        self.name = name
        self.client = client
        self.configuration = configuration
        self.spawner = spawner
        var logger = logger
        logger[metadataKey: "engine"] = "\(name)"
        self.logger = logger
        // A numbering of this run's own, so a client resuming with a seq from an earlier run gets a fresh snapshot.
        var initial = State(
            table: ContainerTable(capacity: configuration.changeRingCapacity, startingAfter: UInt64(SequenceBase.now()))
        )
        initial.status = EngineStatus(engine: name, status: "reconnecting")
        self.state = Mutex(initial)
        (refreshSignals, refreshSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: Reading

    /// The engine's availability.
    public var status: EngineStatus { state.withLock { $0.status } }

    /// The current container list.
    public var containers: [ContainerView] { state.withLock { $0.table.snapshot } }

    /// The number of the last container-list change.
    public var sequence: UInt64 { state.withLock { $0.table.seq } }

    /// Waits until the first list of containers is loaded, at most `HubConfiguration.firstListWait` (an
    /// engine that is down at start must not hold subscriptions forever), or until the task is cancelled.
    public func waitUntilListed() async {
        let listed = state.withLock { $0.listed }
        if listed.isOpen { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await listed.wait() }
            group.addTask { [configuration] in try? await Task.sleep(for: configuration.firstListWait) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Upstream streams open now, for tests and metrics: (log tails, stats streams).
    public var upstreamCounts: (logs: Int, stats: Int) {
        state.withLock { state in
            (state.tails.values.filter(\.isStreaming).count, state.collectors.values.filter(\.isStreaming).count)
        }
    }

    /// Whether the row of a container agrees with the engine as far as the hub knows: no refresh is due,
    /// in flight or being retried for it (for tests and diagnostics).
    public func isSettled(_ id: String) -> Bool { unsettled(id) == nil }

    /// What the hub still owes a container's row before it agrees with the engine, or nil when nothing (for
    /// tests: a wait for ``isSettled(_:)`` that times out says which).
    public func unsettled(_ id: String) -> String? {
        state.withLock { state in
            var owed: [String] = []
            if state.refreshPending.contains(id) { owed.append("a refresh is due") }
            if state.refreshing.contains(id) { owed.append("a refresh is in flight") }
            if let expected = state.eventStates[id] {
                owed.append("the event's state \(expected.state) (before: \(expected.before ?? "none")) awaits the list, \(expected.attempts) stale reads so far")
            }
            return owed.isEmpty ? nil : owed.joined(separator: "; ")
        }
    }

    /// How many subscriptions follow this engine's events feed (for tests and metrics).
    public var eventSubscriberCount: Int { state.withLock { $0.eventSubscribers.count } }

    /// Resolves a container id, id prefix or name against the known list.
    public func resolve(_ reference: String) -> ContainerView? {
        state.withLock { state in
            if let exact = state.table.containers[reference] { return exact }
            let matches = state.table.containers.values.filter { $0.name == reference || $0.id.hasPrefix(reference) }
            return matches.count == 1 ? matches[0] : matches.first { $0.name == reference }
        }
    }

    /// Resolves a reference like ``resolve(_:)``; when the list does not know it, asks the engine, because a
    /// container created a moment ago can be requested (its logs opened) before its `create` event has been
    /// handled. A container the engine has is added to the list at once (a normal `added` delta).
    public func resolveOrRead(_ reference: String) async -> ContainerView? {
        if let known = resolve(reference) { return known }
        guard let inspect = try? await client.inspectContainer(reference),
            let row = try? await views(of: client.listContainers(all: true, filters: ["id": [inspect.id]])).first
        else { return nil }
        state.withLock { state in
            // Destroyed while it was being read (its events came first): adding it would make a ghost.
            guard state.table.containers[row.id] == nil, !state.destroyed.contains(row.id) else { return }
            if let change = state.table.upsert(row) { publish([change], state: &state) }
        }
        return resolve(row.id)
    }

    // MARK: Container list subscriptions

    /// Subscribes a client to the container list: pushes `initial_state` (full, or the missed changes when
    /// resuming) and then every change, in order.
    public func subscribeContainers(queue: ClientQueue, sub: String, requestID: String?, resumeFrom: UInt64?) {
        state.withLock { state in
            let key = SubscriberKey(queue: ObjectIdentifier(queue), sub: sub)
            state.stateSubscribers.insert(queue, for: key)
            queue.push(.message(.initialState(initialState(state.table, sub: sub, requestID: requestID, resumeFrom: resumeFrom))))
        }
    }

    /// A fresh snapshot for a subscriber that fell behind (its pending changes were collapsed).
    public func resnapshot(queue: ClientQueue, sub: String) -> ServerMessage? {
        state.withLock { state in
            guard state.stateSubscribers[SubscriberKey(queue: ObjectIdentifier(queue), sub: sub)] != nil else { return nil }
            var message = initialState(state.table, sub: sub, requestID: nil, resumeFrom: nil)
            message.resyncRequired = true
            return .initialState(message)
        }
    }

    private func initialState(_ table: ContainerTable, sub: String, requestID: String?, resumeFrom: UInt64?) -> InitialState {
        if let resumeFrom {
            if let missed = table.changes(after: resumeFrom) {
                return InitialState(
                    id: requestID, sub: sub, engine: name, seq: table.seq, resumed: true, resyncRequired: false,
                    containers: nil, changes: missed.map { wire($0, sub: nil) }
                )
            }
            return InitialState(
                id: requestID, sub: sub, engine: name, seq: table.seq, resumed: false, resyncRequired: true,
                containers: table.snapshot, changes: nil
            )
        }
        return InitialState(
            id: requestID, sub: sub, engine: name, seq: table.seq, resumed: false, resyncRequired: false,
            containers: table.snapshot, changes: nil
        )
    }

    func wire(_ change: ContainerTable.Change, sub: String?) -> StatusChange {
        StatusChange(
            sub: sub, engine: name, seq: change.seq, change: change.kind, containerID: change.id, container: change.container,
            fields: change.fields
        )
    }

    /// Subscribes a client to this engine's events.
    public func subscribeEvents(queue: ClientQueue, sub: String, filter: EventFilter) {
        state.withLock { state in
            state.eventSubscribers[SubscriberKey(queue: ObjectIdentifier(queue), sub: sub)] = EventSubscriber(
                queue: queue, sub: sub, filter: filter
            )
        }
    }

    /// Ends a client's subscription `sub` of any kind; returns whether it existed.
    @discardableResult
    public func unsubscribe(queue: ClientQueue, sub: String) -> Bool {
        let key = SubscriberKey(queue: ObjectIdentifier(queue), sub: sub)
        let (found, tails, collectors) = state.withLock { state -> (Bool, [LogTail], [StatsCollector]) in
            var found = state.stateSubscribers.remove(key)
            found = state.eventSubscribers.removeValue(forKey: key) != nil || found
            found = state.selectors.removeValue(forKey: key) != nil || found
            return (found, Array(state.tails.values), Array(state.collectors.values))
        }
        var removed = found
        for tail in tails where tail.removeViewer(key) { removed = true }
        for collector in collectors where collector.removeViewer(key) { removed = true }
        return removed
    }

    /// Ends every subscription of a client (it disconnected).
    public func unsubscribeAll(queue: ClientQueue) {
        let id = ObjectIdentifier(queue)
        let (tails, collectors) = state.withLock { state -> ([LogTail], [StatsCollector]) in
            state.stateSubscribers.removeAll(of: queue)
            state.eventSubscribers = state.eventSubscribers.filter { $0.key.queue != id }
            state.selectors = state.selectors.filter { $0.key.queue != id }
            return (Array(state.tails.values), Array(state.collectors.values))
        }
        for tail in tails { tail.removeViewers(of: id) }
        for collector in collectors { collector.removeViewers(of: id) }
    }

    // MARK: Changes from the engine

    /// Applies a full list (after a (re)connect) and tells subscribers the difference.
    func applyList(_ views: [ContainerView]) {
        let latch = state.withLock { state -> Latch in
            // A row whose inspect failed keeps the figures already known.
            let changes = state.table.replaceAll(with: views.map { $0.keepingInspected(from: state.table.containers[$0.id]) })
            publish(changes, state: &state)
            let known = state.table.containers
            state.eventTimes = state.eventTimes.filter { known[$0.key] != nil }
            state.eventStates = state.eventStates.filter { known[$0.key] != nil }
            return state.listed
        }
        latch.open()
    }

    /// Applies one engine event: events feed, lifecycle signals, container table.
    func handle(_ event: DockerEvent) {
        logger.trace("event", metadata: ["action": "\(event.action)", "id": "\(event.actor.id.prefix(12))", "time": "\(event.timeNano)"])
        let needsRefresh = state.withLock { state -> Bool in
            deliver(event, state: state)
            if event.type == "container" {
                notifyLifecycle(event, state: state)
                if event.baseAction == "create" || event.baseAction == "start" {
                    attachSelections(for: event, state: &state)
                }
            }
            let current = state.table.containers[event.actor.id]
            var effect = EventReducer.reduce(event, current: current, engine: name)
            if case .upsert(let container) = effect {
                if let newer = state.eventTimes[container.id], newer > event.timeNano {
                    // Late: the row already reflects a newer event. Only the engine can say what is true now.
                    effect = .refresh(container.id)
                } else {
                    state.eventTimes[container.id] = event.timeNano
                }
            }
            switch effect {
            case .none:
                return false
            case .remove(let id):
                publish(state.table.remove(id).map { [$0] } ?? [], state: &state)
                // A row of it read before this (a refresh in flight, a read for a request) must not bring it back.
                state.destroyed.insert(id)
                state.refreshPending.remove(id)
                state.eventStates.removeValue(forKey: id)
                state.eventTimes.removeValue(forKey: id)
                return false
            case .upsert(let container):
                if event.baseAction == "start" || event.baseAction == "restart" { state.inspectPending.insert(container.id) }
                publish(state.table.upsert(container).map { [$0] } ?? [], state: &state)
                if container.state != current?.state {
                    state.eventStates[container.id] = EventState(state: container.state, before: current?.state)
                }
                return state.refreshPending.insert(container.id).inserted
            case .refresh(let id):
                return state.refreshPending.insert(id).inserted
            }
        }
        if needsRefresh { refreshSignal.yield() }
    }

    func publish(_ changes: [ContainerTable.Change], state: inout State) {
        guard !changes.isEmpty else { return }
        // One shared value per change: its frame is encoded once, not once per subscriber.
        let shared = changes.map { SharedChange(wire($0, sub: nil)) }
        state.stateSubscribers.deliver(shared)
    }

    private func deliver(_ event: DockerEvent, state: State) {
        for subscriber in state.eventSubscribers.values where subscriber.filter.matches(event) {
            let attributes = event.actor.attributes ?? [:]
            subscriber.queue.push(
                .event(
                    EventUpdate(
                        sub: subscriber.sub, engine: name, objectType: event.type, action: event.action,
                        objectID: event.actor.id, name: attributes["name"], attributes: attributes, timeNano: event.timeNano
                    )
                )
            )
        }
    }

    private func notifyLifecycle(_ event: DockerEvent, state: State) {
        let moment: ContainerLifecycle
        switch event.baseAction {
        case "start": moment = .started
        case "die": moment = .died
        case "destroy": moment = .destroyed
        default: return
        }
        for continuation in state.observers[event.actor.id]?.values ?? [:].values { continuation.yield(moment) }
    }

    /// Publishes availability to every client of this engine.
    func setStatus(_ status: String, error: String? = nil) {
        state.withLock { state in
            let next = EngineStatus(engine: name, status: status, error: error)
            guard state.status != next else { return }
            state.status = next
            // Through the lanes, like the changes: a client learns of the status after the changes before it.
            state.stateSubscribers.deliverOncePerQueue(.message(.engineStatus(next)))
            var notified = state.stateSubscribers.queueIDs
            for (key, subscriber) in state.eventSubscribers where notified.insert(key.queue).inserted {
                subscriber.queue.push(.message(.engineStatus(next)))
            }
        }
        if status == "up" {
            logger.debug("engine up")
        } else {
            logger.warning("engine not available", metadata: ["status": "\(status)", "error": "\(error ?? "")"])
        }
    }

    /// Watches a container's lifecycle; the stream ends when `stop` is called.
    func observe(_ id: String) -> (AsyncStream<ContainerLifecycle>, @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream.makeStream(of: ContainerLifecycle.self, bufferingPolicy: .bufferingNewest(8))
        let token = state.withLock { state -> Int in
            state.nextObserver += 1
            state.observers[id, default: [:]][state.nextObserver] = continuation
            return state.nextObserver
        }
        let stop: @Sendable () -> Void = { [self] in
            let continuation = state.withLock { state -> AsyncStream<ContainerLifecycle>.Continuation? in
                let removed = state.observers[id]?.removeValue(forKey: token)
                if state.observers[id]?.isEmpty == true { state.observers.removeValue(forKey: id) }
                return removed
            }
            continuation?.finish()
        }
        return (stream, stop)
    }
}
