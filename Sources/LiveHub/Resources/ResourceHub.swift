import CapstanWire
import DockerEngine
import Logging
import Synchronization

/// The live image, volume and network lists of one engine, driven by its events — never by polling.
///
/// Nothing runs while nobody watches. The first subscriber starts one filtered event stream (image,
/// volume, network, and the container events that change usage) and a refresher; each event marks
/// the lists it can change as stale, the refresher re-reads those (bursts coalesce into one read)
/// and publishes the difference as numbered `resource_change`s. After a reconnect every list is
/// re-read, so what happened while the stream was down arrives as ordinary changes. When the last
/// subscriber leaves, the streams stop and the lists are dropped (they would go stale).
public final class ResourceHub: Sendable {
    /// The engine's name.
    public let engine: String
    let client: DockerClient
    let spawner: TaskSpawner
    let configuration: HubConfiguration
    let logger: Logger

    struct Key: Hashable, Sendable {
        let queue: ObjectIdentifier
        let sub: String
    }

    struct Subscriber: Sendable {
        let queue: ClientQueue
        let sub: String
        let kind: ResourceKind
        let requestID: String?
        /// Waiting for the first read of its list: it gets that as its snapshot, not as changes.
        var pending: Bool
    }

    /// One period of activity, from the first subscriber to the last one leaving.
    struct Run: Sendable {
        let generation: Int
        let refresh: AsyncStream<Void>.Continuation
        let stop: AsyncStream<Void>.Continuation
    }

    struct State: Sendable {
        var subscribers: [Key: Subscriber] = [:]
        var lists: [ResourceKind: ResourceList] = [:]
        var loaded: [ResourceKind: Latch] = [:]
        var stale: Set<ResourceKind> = []
        var run: Run?
        var generation = 0
    }

    let state = Mutex(State())

    init(engine: String, client: DockerClient, configuration: HubConfiguration, spawner: TaskSpawner, logger: Logger) {
        self.engine = engine
        self.client = client
        self.configuration = configuration
        self.spawner = spawner
        var logger = logger
        logger[metadataKey: "engine"] = "\(engine)"
        self.logger = logger
    }

    /// Upstream event streams open now (0 or 1), for tests and metrics.
    public var isWatching: Bool { state.withLock { $0.run != nil } }

    /// Subscribes a client to one list: pushes `resources_snapshot`, then every change, in order.
    ///
    /// Returns once the snapshot is queued; throws `engine_unreachable` when the list cannot be read
    /// within `timeout` (the subscription is then taken back).
    public func subscribe(queue: ClientQueue, sub: String, requestID: String?, kind: ResourceKind, timeout: Duration = .seconds(15))
        async throws
    {
        let key = Key(queue: ObjectIdentifier(queue), sub: sub)
        let latch = state.withLock { state -> Latch? in
            var subscriber = Subscriber(queue: queue, sub: sub, kind: kind, requestID: requestID, pending: true)
            if let list = state.lists[kind] {
                subscriber.pending = false
                queue.push(.message(.resourcesSnapshot(snapshot(list, kind: kind, sub: sub, requestID: requestID))))
                state.subscribers[key] = subscriber
                return nil
            }
            state.subscribers[key] = subscriber
            let latch = state.loaded[kind] ?? Latch()
            state.loaded[kind] = latch
            state.stale.insert(kind)
            if let run = state.run {
                run.refresh.yield()
                return latch
            }
            state.generation += 1
            let (refreshes, refresh) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            let (stops, stop) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
            let run = Run(generation: state.generation, refresh: refresh, stop: stop)
            state.run = run
            let generation = run.generation
            // A child of the hub's task group: it ends with the hub, or when the last subscriber leaves.
            spawner.spawn { await self.work(generation: generation, refreshes: refreshes, stops: stops) }
            return latch
        }
        guard let latch else { return }
        let loaded = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await latch.wait()
                return latch.isOpen
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !loaded {
            unsubscribe(queue: queue, sub: sub)
            throw HubError(
                code: "engine_unreachable", message: "could not read the \(kind.rawValue) of engine \(engine) in time"
            )
        }
    }

    /// Ends a client's subscription; returns whether it existed.
    @discardableResult
    public func unsubscribe(queue: ClientQueue, sub: String) -> Bool {
        let key = Key(queue: ObjectIdentifier(queue), sub: sub)
        return state.withLock { state in
            let found = state.subscribers.removeValue(forKey: key) != nil
            if found { stopIfIdle(&state) }
            return found
        }
    }

    /// Ends every subscription of a client.
    public func unsubscribeAll(queue: ClientQueue) {
        let id = ObjectIdentifier(queue)
        state.withLock { state in
            state.subscribers = state.subscribers.filter { $0.key.queue != id }
            stopIfIdle(&state)
        }
    }

    private func stopIfIdle(_ state: inout State) {
        guard state.subscribers.isEmpty, let run = state.run else { return }
        run.stop.yield()
        run.stop.finish()
        run.refresh.finish()
        state.run = nil
        state.lists = [:]
        state.loaded = [:]
        state.stale = []
    }

    private func snapshot(_ list: ResourceList, kind: ResourceKind, sub: String, requestID: String?) -> ResourcesSnapshot {
        ResourcesSnapshot(id: requestID, sub: sub, engine: engine, kind: kind, seq: list.seq, items: list.snapshot)
    }
}
