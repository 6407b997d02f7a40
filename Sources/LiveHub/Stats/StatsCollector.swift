import CapstanWire
import DequeModule
import DockerEngine
import Synchronization

/// The one stats stream of one container while anyone watches (plus a grace period).
///
/// The stream is open only while the container runs: the engine would otherwise keep sending zeroed
/// samples for a stopped container. The first sample of each stream has no CPU figure (no previous
/// sample), so it is not passed on.
final class StatsCollector: Sendable {
    struct Viewer: Sendable {
        let queue: ClientQueue
        let sub: String
    }

    struct State: Sendable {
        var history: Deque<LiveStatsSample> = []
        var viewers: [EngineHub.SubscriberKey: Viewer] = [:]
        var streaming = false
        var ended: String?
        var generation = 0
    }

    let containerID: String
    let shortID: String
    private unowned let hub: EngineHub
    let state = Mutex(State())
    private let stopLatch = Latch()

    init(hub: EngineHub, containerID: String) {
        self.hub = hub
        self.containerID = containerID
        self.shortID = String(containerID.prefix(12))
    }

    /// Whether the upstream stream is open now.
    var isStreaming: Bool { state.withLock { $0.streaming } }
    /// Whether it ended.
    var isEnded: Bool { state.withLock { $0.ended != nil } }

    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.stopLatch.wait() }
            group.addTask { await self.pump() }
            await group.next()
            group.cancelAll()
        }
        state.withLock { $0.streaming = false }
        hub.forget(self)
    }

    private func pump() async {
        let (lifecycle, stopObserving) = hub.observe(containerID)
        defer { stopObserving() }
        var moments = lifecycle.makeAsyncIterator()
        var running = hub.resolve(containerID)?.state == "running"
        while !Task.isCancelled {
            if running {
                do {
                    let stream = try await hub.client.stats(containerID)
                    state.withLock { $0.streaming = true }
                    var first = true
                    for try await sample in stream {
                        if !sample.running { break }
                        if first {
                            first = false
                            continue
                        }
                        publish(LiveStatsSample(sample))
                    }
                } catch let error as DockerError where error.code == .notFound {
                    end("removed")
                    return
                } catch {
                    if Task.isCancelled { return }
                    hub.logger.debug("stats stream failed", metadata: ["docker.container-id": "\(shortID)", "error": "\(error)"])
                }
                state.withLock { $0.streaming = false }
            }
            running = false
            waiting: while let moment = await moments.next() {
                switch moment {
                case .started:
                    running = true
                    break waiting
                case .died: continue
                case .destroyed:
                    end("removed")
                    return
                }
            }
            if Task.isCancelled { return }
        }
    }

    private func publish(_ sample: LiveStatsSample) {
        state.withLock { state in
            state.history.append(sample)
            if state.history.count > hub.configuration.statsHistoryCapacity { state.history.removeFirst() }
            for viewer in state.viewers.values {
                viewer.queue.push(.stats(StatsUpdate(sub: viewer.sub, container: shortID, sample: sample)))
            }
        }
    }

    /// Adds a viewer: pushes the history, then every new sample.
    func addViewer(_ key: EngineHub.SubscriberKey, queue: ClientQueue, requestID: String?) throws {
        try state.withLock { state in
            if let reason = state.ended { throw HubError(code: "not_found", message: "stats of \(shortID) are not available: \(reason)") }
            if state.viewers[key] != nil { return }
            guard state.viewers.count < hub.configuration.maxViewersPerContainer else {
                throw HubError(code: "limit_reached", message: "container \(shortID) already has the most stats viewers allowed")
            }
            state.viewers[key] = Viewer(queue: queue, sub: key.sub)
            queue.push(
                .message(
                    .statsHistory(StatsHistory(id: requestID, sub: key.sub, engine: hub.name, container: shortID, samples: Array(state.history)))
                )
            )
        }
    }

    @discardableResult
    func removeViewer(_ key: EngineHub.SubscriberKey) -> Bool {
        let (removed, generation) = state.withLock { state -> (Bool, Int?) in
            guard state.viewers.removeValue(forKey: key) != nil else { return (false, nil) }
            guard state.viewers.isEmpty else { return (true, nil) }
            state.generation += 1
            return (true, state.generation)
        }
        if let generation { scheduleStop(generation: generation) }
        return removed
    }

    func removeViewers(of queue: ObjectIdentifier) {
        let generation = state.withLock { state -> Int? in
            let before = state.viewers.count
            state.viewers = state.viewers.filter { $0.key.queue != queue }
            guard before > 0, state.viewers.isEmpty else { return nil }
            state.generation += 1
            return state.generation
        }
        if let generation { scheduleStop(generation: generation) }
    }

    private func scheduleStop(generation: Int) {
        let grace = hub.configuration.statsGrace
        hub.spawner.spawn { [self] in
            if grace > .zero { try? await Task.sleep(for: grace) }
            let idle = state.withLock { state -> Bool in
                guard state.viewers.isEmpty, state.generation == generation, state.ended == nil else { return false }
                state.ended = "idle"
                return true
            }
            if idle { stopLatch.open() }
        }
    }

    private func end(_ reason: String) {
        let viewers = state.withLock { state -> [Viewer] in
            state.ended = reason
            defer { state.viewers.removeAll() }
            return Array(state.viewers.values)
        }
        for viewer in viewers {
            viewer.queue.push(.message(.error(ErrorReply(sub: viewer.sub, code: "stats_ended", message: "container \(shortID) was \(reason)"))))
        }
        stopLatch.open()
    }
}
