import CapstanWire
import DockerEngine

extension ResourceHub {
    /// One run: the event watcher and the refresher, until the last subscriber leaves (or the hub stops).
    func work(generation: Int, refreshes: AsyncStream<Void>, stops: AsyncStream<Void>) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.watch(generation: generation) }
            group.addTask { await self.refresh(generation: generation, signals: refreshes) }
            group.addTask {
                for await _ in stops { break }
            }
            // Whichever ends first (normally the stop signal) ends the run.
            await group.next()
            group.cancelAll()
        }
    }

    /// Follows the engine's events from a cursor; reconnects with capped backoff, and after each
    /// (re)connect marks every list stale so what was missed is read again.
    private func watch(generation: Int) async {
        var cursor = EventCursor()
        var backoff = Backoff(configuration)
        while !Task.isCancelled {
            do {
                let events = try await client.events(since: cursor.since, filters: ResourceEvents.filters)
                // Subscribed first, read second: nothing that happens in between is lost.
                markStale(Set(ResourceKind.allCases), generation: generation)
                backoff.reset()
                for try await event in events where cursor.admit(event) {
                    let kinds = ResourceEvents.kinds(for: event)
                    if !kinds.isEmpty { markStale(kinds, generation: generation) }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.debug("resource events failed; reconnecting", metadata: ["error": "\(error)"])
            }
            await backoff.wait()
        }
    }

    /// Marks lists stale (only those someone watches are read) and wakes the refresher.
    private func markStale(_ kinds: Set<ResourceKind>, generation: Int) {
        state.withLock { state in
            guard let run = state.run, run.generation == generation else { return }
            let watched = Set(state.subscribers.values.map(\.kind))
            state.stale.formUnion(kinds.intersection(watched))
            run.refresh.yield()
        }
    }

    /// Re-reads the stale lists each time it is woken; a failed read stays stale for the next wake-up
    /// (the watcher wakes it again when it reconnects).
    private func refresh(generation: Int, signals: AsyncStream<Void>) async {
        for await _ in signals {
            let kinds = state.withLock { state -> Set<ResourceKind> in
                defer { state.stale.removeAll() }
                return state.stale
            }
            for kind in kinds.sorted(by: { $0.rawValue < $1.rawValue }) {
                do {
                    let items = try await ResourceReader.items(kind, client: client, engine: engine)
                    apply(items, kind: kind, generation: generation)
                } catch is CancellationError {
                    return
                } catch {
                    logger.debug("resource list read failed", metadata: ["kind": "\(kind.rawValue)", "error": "\(error)"])
                    state.withLock { _ = $0.stale.insert(kind) }
                }
            }
        }
    }

    /// Replaces a list with what the engine said: the first read becomes the pending subscribers'
    /// snapshot; later ones are published as changes to every subscriber of that kind.
    func apply(_ items: [ResourceItemView], kind: ResourceKind, generation: Int) {
        let latch = state.withLock { state -> Latch? in
            guard let run = state.run, run.generation == generation else { return nil }
            var list = state.lists[kind] ?? ResourceList()
            let deltas = list.replace(with: items)
            state.lists[kind] = list
            for (key, subscriber) in state.subscribers where subscriber.kind == kind {
                if subscriber.pending {
                    subscriber.queue.push(
                        .message(
                            .resourcesSnapshot(
                                ResourcesSnapshot(
                                    id: subscriber.requestID, sub: subscriber.sub, engine: engine, kind: kind, seq: list.seq,
                                    items: list.snapshot
                                )
                            )
                        )
                    )
                    state.subscribers[key]?.pending = false
                } else {
                    for delta in deltas {
                        subscriber.queue.push(
                            .message(
                                .resourceChange(
                                    ResourceChange(
                                        sub: subscriber.sub, engine: engine, kind: kind, seq: delta.seq, change: delta.change.rawValue,
                                        key: delta.key, item: delta.item
                                    )
                                )
                            )
                        )
                    }
                }
            }
            return state.loaded[kind]
        }
        latch?.open()
    }
}
