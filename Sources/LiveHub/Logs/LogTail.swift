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
        /// Lines numbered and kept but not yet sent to the viewers (see ``flush(_:)``).
        var batch: [LogRing.Entry] = []
        var batchBytes = 0
        /// A flush is due at the end of the batching window.
        var flushScheduled = false
    }

    let containerID: String
    let shortID: String
    unowned let hub: EngineHub
    let state: Mutex<State>
    let ready = Latch()
    private let stopLatch = Latch()
    /// Wakes the flusher when a batch starts (see ``flushLoop()``).
    private let flushSignals: AsyncStream<Void>
    private let flushSignal: AsyncStream<Void>.Continuation

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
        (flushSignals, flushSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
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
            group.addTask { await self.flushLoop() }
            await group.next()
            group.cancelAll()
        }
        state.withLock { $0.streaming = false }
        ready.open()
        hub.forget(self)
    }

    func stop() {
        stopLatch.open()
        flushSignal.finish()
    }

    private func pump() async {
        let (lifecycle, stopObserving) = hub.observe(containerID)
        defer { stopObserving() }
        let client = hub.client
        var running = true
        do {
            let inspect = try await client.inspectContainer(containerID)
            let tty = inspect.config.tty ?? false
            running = inspect.state.running || inspect.state.restarting
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
        // A container that is not running has nothing to follow: the engine would end the stream at
        // once. Wait for its start instead of spending a request (a start since the inspect is buffered).
        if !running, !(await startedAgain(&moments)) { return }
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
            guard await startedAgain(&moments) else { return }
            if Task.isCancelled { return }
        }
    }

    /// Waits for the container's next start; false when it was removed (the tail is then ended) or
    /// the tail is stopping. The end of the observation also returns true, as it always did: the
    /// follow is tried again and says itself whether the container is gone.
    private func startedAgain(_ moments: inout AsyncStream<ContainerLifecycle>.Iterator) async -> Bool {
        while let moment = await moments.next() {
            switch moment {
            case .started: return true
            case .died: continue
            case .destroyed:
                end("removed")
                return false
            }
        }
        return !Task.isCancelled
    }

    /// Numbers new lines and keeps them; they go to the viewers with the current batch.
    ///
    /// A batch goes out when the batching window ends, or at once when it is full (lines or bytes), so a
    /// burst becomes a few frames and a quiet container's line waits at most the window.
    private func ingest(_ lines: [LogLine]) {
        let configuration = hub.configuration
        let startWindow = state.withLock { state -> Bool in
            let fresh: [LogLine]
            if let last = state.last {
                fresh = lines.filter { ($0.timestamp ?? last) > last }
            } else {
                fresh = lines
            }
            guard !fresh.isEmpty else { return false }
            state.last = fresh.last?.timestamp ?? state.last
            // Once a line is evicted the ring no longer holds the whole log: a viewer asking for more history
            // than the ring holds must then get the older part from the engine.
            if state.ring.count + fresh.count > state.ring.capacity { state.holdsWholeLog = false }
            let entries = state.ring.append(fresh)
            state.batch.append(contentsOf: entries)
            for entry in entries { state.batchBytes += entry.line.text.utf8.count }
            if configuration.logBatchWindow <= .zero || state.batch.count >= configuration.logBatchMaxLines
                || state.batchBytes >= configuration.logBatchMaxBytes
            {
                flush(&state)
                return false
            }
            guard !state.flushScheduled else { return false }
            state.flushScheduled = true
            return true
        }
        if startWindow { flushSignal.yield() }
    }

    /// Sends the batch when its window ends; runs for the life of the tail.
    private func flushLoop() async {
        for await _ in flushSignals {
            // The batching window: a deliberate delay that gathers lines, not a way to order events.
            try? await Task.sleep(for: hub.configuration.logBatchWindow)
            state.withLock { flush(&$0) }
        }
    }

    /// Pushes the pending batch to every viewer whose filter its lines pass.
    ///
    /// Viewers with the same filter get the same ``SharedLines``, so its JSON is encoded once for all of
    /// them. Called under the lock, and before anything that must come after the batch (a new viewer's
    /// history, the end of the tail), so a line is never both in a history and in a live batch.
    func flush(_ state: inout State) {
        state.flushScheduled = false
        guard !state.batch.isEmpty else { return }
        let entries = state.batch
        state.batch.removeAll(keepingCapacity: true)
        state.batchBytes = 0
        let name = state.name
        let wire = entries.map { wireLine($0, name: name) }
        var byFilter: [LogFilter.Key: SharedLines?] = [:]
        let all = SharedLines(wire)
        for (key, var viewer) in state.viewers {
            let shared: SharedLines?
            if viewer.filter.isEmpty {
                shared = all
            } else if let cached = byFilter[viewer.filter.key] {
                shared = cached
            } else {
                let lines = zip(entries, wire).filter { viewer.filter.matches($0.0.line) }.map(\.1)
                shared = lines.isEmpty ? nil : SharedLines(lines)
                byFilter[viewer.filter.key] = .some(shared)
            }
            guard let shared else { continue }
            if viewer.pending != nil {
                viewer.pending?.append(contentsOf: shared.lines)
                state.viewers[key] = viewer
            } else {
                viewer.queue.push(.logs(sub: viewer.sub, shared))
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
        guard let anchor else { return SequenceBase.now() }
        if let index = history.lastIndex(where: { $0.timestamp.map { $0 <= anchor.timestamp } ?? false }) {
            return anchor.seq - Int64(index)
        }
        // A burst numbers lines faster than one a microsecond, so the clock can be behind the earlier
        // tail's last seq: the fresh numbering must still start above it, with a hole of at least one so
        // that a client resuming from that last line is told it missed some.
        return max(SequenceBase.now(), anchor.seq + 2)
    }

    /// Tells every viewer the container's lines have ended, and stops.
    private func end(_ reason: String) {
        let viewers = state.withLock { state -> [Viewer] in
            // Lines already read go out before the end.
            flush(&state)
            state.ended = reason
            defer { state.viewers.removeAll() }
            return Array(state.viewers.values)
        }
        for viewer in viewers {
            viewer.queue.push(.message(.logEnd(LogEnd(sub: viewer.sub, container: shortID, reason: reason))))
        }
        stop()
    }

    func wireLine(_ entry: LogRing.Entry, name: String?) -> LiveLogLine {
        LiveLogLine(
            seq: entry.seq, container: shortID, name: name, ts: entry.line.timestamp?.rfc3339, stream: entry.line.stream.rawValue,
            text: entry.line.text
        )
    }
}
