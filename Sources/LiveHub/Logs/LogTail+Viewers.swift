import CapstanWire
import DockerEngine

extension LogTail {
    /// Adds a viewer: pushes its history (`log_snapshot`), then live lines.
    ///
    /// - Parameters:
    ///   - history: lines of history wanted; more than the ring holds are fetched from the engine.
    ///   - resume: the last seq the client saw: only what came after it is sent.
    func addViewer(
        _ key: EngineHub.SubscriberKey, queue: ClientQueue, filter: LogFilter, history: Int, resume: Int64?, requestID: String?
    ) async throws {
        await ready.wait()
        let fetch = try state.withLock { state -> (first: LogRing.Entry, missing: Int, ringPart: [LiveLogLine])? in
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
            // The lines of the open batch go to the current viewers first: the new viewer's history then
            // holds everything up to the ring's end, and its live lines start right after.
            flush(&state)
            let name = state.name
            func visible(_ entries: [LogRing.Entry]) -> [LiveLogLine] {
                entries.filter { filter.matches($0.line) }.map { wireLine($0, name: name) }
            }
            func snapshot(_ lines: [LiveLogLine]) {
                queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: lines))))
                state.viewers[key] = Viewer(queue: queue, sub: key.sub, filter: filter, pending: nil)
            }
            if let resume {
                if let missed = state.ring.after(resume) {
                    snapshot(visible(missed))
                } else {
                    let first = state.ring.first?.seq ?? state.ring.nextSeq
                    // A resume point past the ring's end is from another numbering (an earlier server): what
                    // was missed is unknown, so the gap names no range and the client compares by time.
                    let known = resume < first
                    queue.push(
                        .message(.logGap(LogGap(
                            sub: key.sub, missed: known ? Int(first - resume - 1) : 0,
                            ranges: known ? [shortID: [resume + 1, first - 1]] : [:]
                        )))
                    )
                    snapshot(visible(state.ring.last(state.ring.count)))
                }
                return nil
            }
            if !filter.isEmpty {
                // With a filter, "the last N lines" means the last N that match, searched in the whole ring.
                snapshot(Array(visible(state.ring.last(state.ring.count)).suffix(history)))
                return nil
            }
            guard history > state.ring.count, !state.holdsWholeLog, let first = state.ring.first, first.line.timestamp != nil else {
                snapshot(visible(state.ring.last(history)))
                return nil
            }
            // Live lines wait in `pending` while the older part is read, so they follow the history.
            state.viewers[key] = Viewer(queue: queue, sub: key.sub, filter: filter, pending: [])
            return (first, history - state.ring.count, visible(state.ring.last(state.ring.count)))
        }
        guard let fetch else { return }
        var older: [LiveLogLine] = []
        do {
            let lines = try await olderHistory(before: fetch.first, missing: fetch.missing)
            let name = state.withLock { $0.name }
            // Numbered backwards from the ring's first line: the lines just before it.
            for (offset, line) in lines.enumerated() where filter.matches(line) {
                older.append(wireLine(LogRing.Entry(seq: fetch.first.seq - Int64(lines.count - offset), line: line), name: name))
            }
        } catch {
            hub.logger.debug("older history failed", metadata: ["docker.container-id": "\(shortID)", "error": "\(error)"])
        }
        state.withLock { state in
            guard var viewer = state.viewers[key] else { return }
            queue.push(.message(.logSnapshot(LogBatch(id: requestID, sub: key.sub, lines: older + fetch.ringPart))))
            if let pending = viewer.pending, !pending.isEmpty { queue.push(.logs(sub: key.sub, SharedLines(pending))) }
            viewer.pending = nil
            state.viewers[key] = viewer
        }
    }

    /// The `missing` lines written just before `first` (the ring's first line), read from the engine.
    ///
    /// The engine applies `tail` to the whole log *before* `until`: asking for `missing` lines until the
    /// first line's time returns only those of the log's last `missing` lines that are that old — none,
    /// once the ring is full. So the request's `tail` also covers every line from `first` on (the ring's
    /// numbering counts them), plus a margin for lines the engine wrote but the stream has not brought
    /// yet; when lines were written faster than that, it asks again with a larger margin. A result that
    /// stays short while the margin grows is the start of the log.
    func olderHistory(before first: LogRing.Entry, missing: Int) async throws -> [LogLine] {
        guard let firstTime = first.line.timestamp, missing > 0 else { return [] }
        let tty = state.withLock { $0.tty }
        var margin = 256
        var previous = -1
        var best: [LogLine] = []
        for _ in 0..<5 {
            let fromFirst = state.withLock { Int($0.ring.nextSeq - first.seq) }
            let tail = missing + fromFirst + margin
            let lines = try await hub.client.logs(
                containerID, options: LogOptions(until: firstTime, tail: tail), tty: tty, maxLines: tail
            ).filter { ($0.timestamp ?? firstTime) < firstTime }
            best = Array(lines.suffix(missing))
            if lines.count >= missing || lines.count == previous { break }
            previous = lines.count
            margin *= 4
        }
        return best
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

    /// Stops the upstream after the grace period unless a viewer arrived meanwhile.
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
}
