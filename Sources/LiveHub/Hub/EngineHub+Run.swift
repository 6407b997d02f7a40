import DockerEngine
import Foundation

/// The engine's two loops: the event stream (with reconnects) and the list refresher that turns events
/// into rows the engine agrees with.
extension EngineHub {
    /// Runs the engine's event loop and list refresher until cancelled.
    func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.watch() }
            group.addTask { await self.refreshLoop() }
        }
    }

    /// Events first, then the list (so nothing in between is lost); on any failure, reconnect with
    /// capped exponential backoff, resume events from the cursor and re-list.
    func watch() async {
        var cursor = EventCursor()
        var backoff = Backoff(configuration)
        var attempts = 0
        while !Task.isCancelled {
            do {
                attempts += 1
                // The engine answers the events request before it subscribes (it flushes the headers first),
                // so an event in between would be in neither the stream nor the list that follows. With a
                // `since`, subscribing and replaying from that instant happen in one step on the engine:
                // the first stream starts at the engine's own clock, read just before.
                var since = cursor.since
                if since == nil { since = try await client.info().systemTime }
                let events = try await client.events(since: since)
                let list = try await client.listContainers(all: true)
                applyList(await views(of: list))
                setStatus("up")
                backoff.reset()
                attempts = 0
                for try await event in events where cursor.admit(event) {
                    handle(event)
                }
                setStatus("reconnecting", error: "the engine closed its event stream")
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                setStatus(attempts <= 1 && status.status == "up" ? "reconnecting" : "down", error: "\(error)")
            }
            await backoff.wait()
        }
    }

    /// Asks the engine for the exact row of containers an event touched (status text, ports, …).
    ///
    /// A read that fails for a passing reason (the engine restarting, a request timing out on a loaded host)
    /// loses nothing: its containers go back to pending with their inspects, and are read again after a pause
    /// that doubles from ``HubConfiguration/initialBackoff`` to ``HubConfiguration/maximumBackoff`` while reads
    /// keep failing.
    func refreshLoop() async {
        var backoff = Backoff(configuration)
        for await _ in refreshSignals {
            // Not to order anything: events that arrive meanwhile join this read (see `refreshDelay`).
            if configuration.refreshDelay > .zero { try? await Task.sleep(for: configuration.refreshDelay) }
            let (ids, inspecting) = state.withLock { state -> ([String], Set<String>) in
                defer {
                    state.refreshing = state.refreshPending
                    state.inspectPending.subtract(state.refreshPending)
                    state.refreshPending.removeAll()
                }
                return (Array(state.refreshPending), state.inspectPending.intersection(state.refreshPending))
            }
            guard !ids.isEmpty else { continue }
            do {
                let rows = try await views(of: client.listContainers(all: true, filters: ["id": ids]), inspecting: inspecting)
                let retries = state.withLock { state -> [(id: String, inspect: Bool, delay: Duration)] in
                    var changes: [ContainerTable.Change] = []
                    var retries: [(id: String, inspect: Bool, delay: Duration)] = []
                    let found = Set(rows.map(\.id))
                    for row in rows {
                        // Destroyed while the list was being read: upserting this row would bring back a container
                        // the clients were told is removed.
                        guard !state.destroyed.contains(row.id) else { continue }
                        // A newer event is already waiting for its own refresh: this row may be stale. Its
                        // inspect (restart count, start time) is then due with that refresh.
                        guard !state.refreshPending.contains(row.id) else {
                            if inspecting.contains(row.id) { state.inspectPending.insert(row.id) }
                            continue
                        }
                        // The engine also updates its list a moment after it emits an event (die, pause), later
                        // still on a loaded host: a row that still shows the state from before the event must
                        // not undo it; ask again, backing off (25 ms doubling to 1 s, about 6 s in all). A row
                        // showing any other state is the engine's newer word (it says `restarting` where the
                        // event said `exited`), and after the retries the engine wins.
                        if let expected = state.eventStates[row.id], expected.state != row.state,
                            expected.before == row.state, expected.attempts < Self.staleRowRetries
                        {
                            state.eventStates[row.id]?.attempts += 1
                            let delay = min(Duration.milliseconds(25) * (1 << min(expected.attempts, 6)), .seconds(1))
                            // The row is not used: its inspect is due again with the retry.
                            retries.append((row.id, inspecting.contains(row.id), delay))
                            continue
                        }
                        state.eventStates.removeValue(forKey: row.id)
                        // A row whose inspect failed keeps the figures already known.
                        let view = row.keepingInspected(from: state.table.containers[row.id])
                        if let change = state.table.upsert(view) { changes.append(change) }
                    }
                    for id in ids where !found.contains(id) && !state.refreshPending.contains(id) {
                        if let change = state.table.remove(id) {
                            changes.append(change)
                            // Gone from the engine's list: as final as a `destroy` (see `resolveOrRead`).
                            state.destroyed.insert(id)
                        }
                    }
                    publish(changes, state: &state)
                    state.refreshing.removeAll()
                    return retries
                }
                backoff.reset()
                for retry in retries {
                    spawner.spawn { [self] in
                        // A bounded, backed-off retry of one container's row, not a way to order events.
                        try? await Task.sleep(for: retry.delay)
                        let wake = state.withLock { state -> Bool in
                            // Another refresh may have settled the row meanwhile; an inspect still due is not dropped.
                            guard state.eventStates[retry.id] != nil || retry.inspect, state.table.containers[retry.id] != nil else {
                                return false
                            }
                            if retry.inspect { state.inspectPending.insert(retry.id) }
                            return state.refreshPending.insert(retry.id).inserted
                        }
                        if wake { refreshSignal.yield() }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                guard Self.isTransient(error) else {
                    // The engine refused this read (a 4xx, an answer that does not decode): asking again would
                    // get the same answer; the next event of these containers reads them again.
                    state.withLock { $0.refreshing.removeAll() }
                    logger.warning("refresh refused", metadata: ["error": "\(error)"])
                    continue
                }
                state.withLock { state in
                    // Back to pending (with their inspects), unless destroyed meanwhile.
                    let retry = state.refreshing.filter { !state.destroyed.contains($0) }
                    state.refreshPending.formUnion(retry)
                    state.inspectPending.formUnion(inspecting.intersection(retry))
                    state.refreshing.removeAll()
                }
                logger.debug("refresh failed, retrying", metadata: ["error": "\(error)", "after": "\(backoff.current)"])
                // A pause before the next read, not an order of events: the engine is failing reads now.
                await backoff.wait()
                refreshSignal.yield()
            }
        }
    }

    /// Whether a failed read may succeed if asked again: the engine unreachable, slow, restarting or failing
    /// on its side, not refusing the request.
    static func isTransient(_ error: any Error) -> Bool {
        guard let error = error as? DockerError else { return false }
        return [.unreachable, .timeout, .streamFailed, .engineError, .invalidResponse].contains(error.code)
    }

    /// How many times a row still showing the state from before an event is asked for again.
    static let staleRowRetries = 12

    func finish() { refreshSignal.finish() }
}
