import CapstanWire
import DockerEngine
import Synchronization

/// The one upstream log stream of one container, shared by all its viewers.
///
/// It loads the last lines into a numbered ring, then follows; when the container stops the
/// engine ends the stream, and the tail reopens it on the next start from the last timestamp it
/// had, dropping anything at or before it — so a restart neither repeats nor loses a line. Each
/// viewer has its own filter; lines are filtered and pushed without waiting on anyone.
final class LogTail: Sendable {
    struct Viewer: Sendable {
        let queue: ClientQueue
        let sub: String
        let filter: LogFilter
        /// Lines that arrived while the viewer's older history was being fetched; nil once live.
        var pending: [LiveLogLine]?
    }

    struct State: Sendable {
        var ring: LogRing
        var viewers: [EngineHub.SubscriberKey: Viewer] = [:]
        var last: DockerTimestamp?
        var streaming = false
        var ended: String?
        var tty = false
        var name: String?
        /// The ring holds the container's whole log (it had fewer lines than the ring's size).
        var holdsWholeLog = false
        var generation = 0
    }

    let containerID: String
    let shortID: String
    private unowned let hub: EngineHub
    let state: Mutex<State>
    private let ready = Latch()
    private let stopLatch = Latch()

    /// Where a tail ended: its last line's seq and timestamp, for the container's next tail to number on from.
    struct Anchor: Sendable {
        let seq: Int64
        let timestamp: DockerTimestamp
    }

    /// Where the previous tail of this container ended, if there was one.
    private let anchor: Anchor?

    init(hub: EngineHub, containerID: String, name: String?, anchor: Anchor? = nil) {
        self.hub = hub
        self.anchor = anchor
        self.containerID = containerID
        self.shortID = String(containerID.prefix(12))
        var initial = State(ring: LogRing(capacity: hub.configuration.logRingCapacity))
        initial.name = name
        self.state = Mutex(initial)
    }

    /// Whether it ended (container removed, or stopped for lack of viewers).
    var isEnded: Bool { state.withLock { $0.ended != nil } }

    /// Whether the upstream stream is open now.
    var isStreaming: Bool { state.withLock { $0.streaming } }

    /// Runs until stopped (no viewers left) or the container is removed.
    func run() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.stopLatch.wait() }
            group.addTask { await self.pump() }
            await group.next()
            group.cancelAll()
        }
        state.withLock { $0.streaming = false }
        ready.open()
        hub.forget(self)
    }

    func stop() { stopLatch.open() }

    private func pump() async {
        let (lifecycle, stopObserving) = hub.observe(containerID)
        defer { stopObserving() }
        let client = hub.client
        do {
            let inspect = try await client.inspectContainer(containerID)
            let tty = inspect.config.tty ?? false
            let capacity = hub.configuration.logRingCapacity
            let history = try await client.logs(containerID, options: LogOptions(tail: capacity), tty: tty)
            state.withLock { state in
                state.tty = tty
                state.name = String(inspect.name.dropFirst())
                state.holdsWholeLog = history.count < capacity
                state.last = history.last?.timestamp
                state.ring = LogRing(capacity: capacity, firstSeq: firstSeq(of: history))
                _ = state.ring.append(history)
            }
        } catch let error as DockerError where error.code == .notFound {
            end("removed")
            ready.open()
            return
        } catch {
            end("unavailable: \(error)")
            ready.open()
            return
        }
        ready.open()
        var moments = lifecycle.makeAsyncIterator()
        while !Task.isCancelled {
            do {
                let (last, tty) = state.withLock { ($0.last, $0.tty) }
                // With no line yet, "everything" is exactly what was written since the empty history.
                let options = last.map { LogOptions(since: $0) } ?? LogOptions()
                let stream = try await client.followLogs(containerID, options: options, tty: tty)
                state.withLock { $0.streaming = true }
                for try await chunk in stream.chunks { ingest(chunk) }
            } catch let error as DockerError where error.code == .notFound {
                end("removed")
                return
            } catch {
                if Task.isCancelled { return }
                hub.logger.debug("log stream failed", metadata: ["docker.container-id": "\(shortID)", "error": "\(error)"])
            }
            state.withLock { $0.streaming = false }
            // The engine ends a follow stream when the container stops: wait for it to start again.
            waiting: while let moment = await moments.next() {
                switch moment {
                case .started: break waiting
                case .died: continue
                case .destroyed:
                    end("removed")
                    return
                }
            }
            if Task.isCancelled { return }
        }
    }

    /// Numbers new lines, keeps them, and pushes them to every viewer whose filter they pass.
    private func ingest(_ lines: [LogLine]) {
        state.withLock { state in
            let fresh: [LogLine]
            if let last = state.last {
                fresh = lines.filter { ($0.timestamp ?? last) > last }
            } else {
                fresh = lines
            }
            guard !fresh.isEmpty else { return }
            state.last = fresh.last?.timestamp ?? state.last
            // Once a line is evicted the ring no longer holds the whole log: a viewer asking for more history
            // than the ring holds must then get the older part from the engine.
            if state.ring.count + fresh.count > state.ring.capacity { state.holdsWholeLog = false }
            let entries = state.ring.append(fresh)
            let wire = entries.map { wireLine($0, name: state.name) }
            let shared = SharedLines(wire)
            for (key, var viewer) in state.viewers {
                let lines = viewer.filter.isEmpty ? wire : zip(entries, wire).filter { viewer.filter.matches($0.0.line) }.map(\.1)
                guard !lines.isEmpty else { continue }
                if viewer.pending != nil {
                    viewer.pending?.append(contentsOf: lines)
                    state.viewers[key] = viewer
                } else {
                    viewer.queue.push(.logs(sub: viewer.sub, viewer.filter.isEmpty ? shared : SharedLines(lines)))
                }
            }
        }
    }

    /// Where this tail ended (its last line), for the container's next tail.
    var endAnchor: Anchor? {
        state.withLock { state in
            guard let last = state.ring.lastEntry, let timestamp = last.line.timestamp else { return nil }
            return Anchor(seq: last.seq, timestamp: timestamp)
        }
    }

    /// The seq of the first history line.
    ///
    /// A tail that follows an earlier one of the same container (which stopped for lack of viewers)
    /// continues its numbering — the line the earlier one ended on keeps its seq — so a client resuming
    /// across the two gets exactly the lines it missed. Otherwise (no earlier tail, or more was written
    /// since than the history holds) the numbering is a fresh one (see ``SequenceBase``).
    private func firstSeq(of history: [LogLine]) -> Int64 {
        if let anchor, let index = history.lastIndex(where: { $0.timestamp.map { $0 <= anchor.timestamp } ?? false }) {
            return anchor.seq - Int64(index)
        }
        return SequenceBase.now()
    }

    /// Adds a viewer: pushes its history (`log_snapshot`), then live lines.
    ///
    /// - Parameters:
    ///   - history: lines of history wanted; more than the ring holds are fetched from the engine.
    ///   - resume: the last seq the client saw: only what came after it is sent.
    func addViewer(
        _ key: EngineHub.SubscriberKey, queue: ClientQueue, filter: LogFilter, history: Int, resume: Int64?, requestID: String?
    ) async throws {
        await ready.wait()
        let fetch = try state.withLock { state -> (DockerTimestamp, Int64, Int, [LiveLogLine])? in
            if let reason = state.ended {
                throw HubError(code: "not_found", message: "the logs of \(shortID) are not available: \(reason)")
            }
            if state.viewers[key] != nil { return nil }
            guard state.viewers.count < hub.configuration.maxViewersPerContainer else {
                throw HubError(
                    code: "limit_reached",
                    message: "container \(shortID) already has \(state.viewers.count) viewers, the most allowed"
                )
            }
            let name = state.name
            func visible(_ entries: [LogRing.Entry]) -> [LiveLogLine] {
                entries.filter { filter.matches($0.line) }.map { wireLine($0, name: name) }
            }
            if let resume {
                if let missed = state.ring.after(resume) {
                    queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: visible(missed)))))
                } else {
                    let first = state.ring.first?.seq ?? state.ring.nextSeq
                    queue.push(
                        .message(.logGap(LogGap(sub: key.sub, missed: Int(first - resume - 1), ranges: [shortID: [resume + 1, first - 1]])))
                    )
                    queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: visible(state.ring.last(state.ring.count))))))
                }
                state.viewers[key] = Viewer(queue: queue, sub: key.sub, filter: filter, pending: nil)
                return nil
            }
            if !filter.isEmpty {
                // With a filter, "the last N lines" means the last N that match, searched in the whole ring.
                let matching = visible(state.ring.last(state.ring.count)).suffix(history)
                queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: Array(matching)))))
                state.viewers[key] = Viewer(queue: queue, sub: key.sub, filter: filter, pending: nil)
                return nil
            }
            if history <= state.ring.count || state.holdsWholeLog {
                queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: visible(state.ring.last(history))))))
                state.viewers[key] = Viewer(queue: queue, sub: key.sub, filter: filter, pending: nil)
                return nil
            }
            guard let first = state.ring.first, let firstTime = first.line.timestamp else {
                queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: visible(state.ring.last(history))))))
                state.viewers[key] = Viewer(queue: queue, sub: key.sub, filter: filter, pending: nil)
                return nil
            }
            state.viewers[key] = Viewer(queue: queue, sub: key.sub, filter: filter, pending: [])
            return (firstTime, first.seq, history - state.ring.count, visible(state.ring.last(state.ring.count)))
        }
        guard let (firstTime, firstSeq, missing, ringPart) = fetch else { return }
        // Older than the ring: one request for just that part, numbered backwards from the ring's first line.
        var older: [LiveLogLine] = []
        do {
            let tty = state.withLock { $0.tty }
            let lines = try await hub.client.logs(
                containerID, options: LogOptions(until: firstTime, tail: missing), tty: tty, maxLines: missing
            ).filter { ($0.timestamp ?? firstTime) < firstTime }
            let name = state.withLock { $0.name }
            for (offset, line) in lines.enumerated() where filter.matches(line) {
                older.append(wireLine(LogRing.Entry(seq: firstSeq - Int64(lines.count - offset), line: line), name: name))
            }
        } catch {
            hub.logger.debug("older history failed", metadata: ["error": "\(error)"])
        }
        state.withLock { state in
            guard var viewer = state.viewers[key] else { return }
            queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: older + ringPart))))
            if let pending = viewer.pending, !pending.isEmpty { queue.push(.logs(sub: key.sub, SharedLines(pending))) }
            viewer.pending = nil
            state.viewers[key] = viewer
        }
    }

    /// Whether `key` views this tail.
    func hasViewer(_ key: EngineHub.SubscriberKey) -> Bool { state.withLock { $0.viewers[key] != nil } }

    /// Removes a viewer; returns whether it was one. The last one leaving starts the grace period.
    @discardableResult
    func removeViewer(_ key: EngineHub.SubscriberKey) -> Bool {
        let (removed, idleGeneration) = state.withLock { state -> (Bool, Int?) in
            guard state.viewers.removeValue(forKey: key) != nil else { return (false, nil) }
            guard state.viewers.isEmpty else { return (true, nil) }
            state.generation += 1
            return (true, state.generation)
        }
        if let idleGeneration { scheduleStop(generation: idleGeneration) }
        return removed
    }

    /// Removes every viewer of one client.
    func removeViewers(of queue: ObjectIdentifier) {
        let idleGeneration = state.withLock { state -> Int? in
            let before = state.viewers.count
            state.viewers = state.viewers.filter { $0.key.queue != queue }
            guard before > 0, state.viewers.isEmpty else { return nil }
            state.generation += 1
            return state.generation
        }
        if let idleGeneration { scheduleStop(generation: idleGeneration) }
    }

    private func scheduleStop(generation: Int) {
        let grace = hub.configuration.logGrace
        hub.spawner.spawn { [self] in
            // The grace period is a wait, not a way to order events: a viewer arriving meanwhile bumps nothing
            // but cancels the stop because the viewer count is checked again.
            if grace > .zero { try? await Task.sleep(for: grace) }
            let idle = state.withLock { state -> Bool in
                guard state.viewers.isEmpty, state.generation == generation, state.ended == nil else { return false }
                // Marked ended under the lock: the hub makes a new tail for anyone who arrives from now on.
                state.ended = "idle"
                return true
            }
            if idle { stop() }
        }
    }

    /// Tells every viewer the container's lines have ended, and stops.
    private func end(_ reason: String) {
        let viewers = state.withLock { state -> [Viewer] in
            state.ended = reason
            defer { state.viewers.removeAll() }
            return Array(state.viewers.values)
        }
        for viewer in viewers {
            viewer.queue.push(.message(.logEnd(LogEnd(sub: viewer.sub, container: shortID, reason: reason))))
        }
        stop()
    }

    private func wireLine(_ entry: LogRing.Entry, name: String?) -> LiveLogLine {
        LiveLogLine(
            seq: entry.seq, container: shortID, name: name, ts: entry.line.timestamp?.rfc3339, stream: entry.line.stream.rawValue,
            text: entry.line.text
        )
    }
}
