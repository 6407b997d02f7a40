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
        var backoff = configuration.initialBackoff
        var attempts = 0
        while !Task.isCancelled {
            do {
                attempts += 1
                let events = try await client.events(since: cursor.since)
                let list = try await client.listContainers(all: true)
                applyList(await views(of: list))
                setStatus("up")
                backoff = configuration.initialBackoff
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
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, configuration.maximumBackoff)
        }
    }

    /// Asks the engine for the exact row of containers an event touched (status text, ports, …).
    func refreshLoop() async {
        for await _ in refreshSignals {
            let (ids, inspecting) = state.withLock { state -> ([String], Set<String>) in
                defer {
                    state.inspectPending.subtract(state.refreshPending)
                    state.refreshPending.removeAll()
                }
                return (Array(state.refreshPending), state.inspectPending.intersection(state.refreshPending))
            }
            guard !ids.isEmpty else { continue }
            do {
                let rows = try await views(of: client.listContainers(all: true, filters: ["id": ids]), inspecting: inspecting)
                let retry = state.withLock { state -> Bool in
                    var changes: [ContainerTable.Change] = []
                    var retry = false
                    let found = Set(rows.map(\.id))
                    for row in rows where !state.refreshPending.contains(row.id) {
                        // A newer event is already waiting for its own refresh: this row may be stale.
                        // The engine also updates its list a moment after it emits an event (die, pause):
                        // a row that still shows the state before the event must not undo it; ask again.
                        if let expected = state.eventStates[row.id], expected.state != row.state {
                            if expected.attempts < 8 {
                                state.eventStates[row.id] = (expected.state, expected.attempts + 1)
                                state.refreshPending.insert(row.id)
                                // The row is not used: its inspect is due again with the retry.
                                if inspecting.contains(row.id) { state.inspectPending.insert(row.id) }
                                retry = true
                            } else {
                                state.eventStates.removeValue(forKey: row.id)
                            }
                            continue
                        }
                        state.eventStates.removeValue(forKey: row.id)
                        // A row whose inspect failed keeps the figures already known.
                        let view = row.keepingInspected(from: state.table.containers[row.id])
                        if let change = state.table.upsert(view) { changes.append(change) }
                    }
                    for id in ids where !found.contains(id) && !state.refreshPending.contains(id) {
                        if let change = state.table.remove(id) { changes.append(change) }
                    }
                    publish(changes, state: &state)
                    return retry
                }
                if retry {
                    // A short pause before asking the engine again: a bounded retry, not a way to order events.
                    try? await Task.sleep(for: .milliseconds(25))
                    refreshSignal.yield()
                }
            } catch {
                logger.debug("refresh failed", metadata: ["error": "\(error)"])
            }
        }
    }

    func finish() { refreshSignal.finish() }
}
