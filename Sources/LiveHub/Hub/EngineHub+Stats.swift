import CapstanWire

extension EngineHub {
    /// Subscribes a client to a container's samples: `stats_history` first, then one `stats` a second
    /// while it runs.
    public func subscribeStats(queue: ClientQueue, sub: String, requestID: String?, container reference: String) async throws {
        await waitUntilListed()
        guard let container = await resolveOrRead(reference) else {
            throw HubError(code: "not_found", message: "no container '\(reference)' on engine \(name)", field: "container")
        }
        let (collector, isNew) = state.withLock { state -> (StatsCollector, Bool) in
            if let existing = state.collectors[container.id], !existing.isEnded { return (existing, false) }
            let collector = StatsCollector(hub: self, containerID: container.id)
            state.collectors[container.id] = collector
            return (collector, true)
        }
        try collector.addViewer(SubscriberKey(queue: ObjectIdentifier(queue), sub: sub), queue: queue, requestID: requestID)
        if isNew { spawner.spawn { await collector.run() } }
    }

    /// Drops a finished collector from the registry (only if it is still the registered one).
    func forget(_ collector: StatsCollector) {
        state.withLock { state in
            if state.collectors[collector.containerID] === collector { state.collectors.removeValue(forKey: collector.containerID) }
        }
    }
}
