import CapstanWire
import DockerEngine

extension EngineHub {
    /// What a logs subscription asks for, checked.
    public struct LogRequest: Sendable {
        /// Container ids or names.
        public var containers: [String] = []
        /// A compose project.
        public var project: String?
        /// Label selectors (`key` or `key=value`).
        public var labels: [String] = []
        /// Lines of history.
        public var history: Int = 100
        /// The viewer's filter.
        public var filter = LogFilter()
        /// The last seq seen per container (12-character id), to resume.
        public var resume: [String: Int64] = [:]

        /// An empty request.
        public init() {}
    }

    /// Subscribes a client to the lines of the chosen containers; each container's history comes first
    /// as its own `log_snapshot`. Containers joining a project or label selection later are added.
    public func subscribeLogs(queue: ClientQueue, sub: String, requestID: String?, request: LogRequest) async throws {
        await waitUntilListed()
        var targets: [ContainerView] = []
        for reference in request.containers {
            guard let container = await resolveOrRead(reference) else {
                throw HubError(code: "not_found", message: "no container '\(reference)' on engine \(name)", field: "containers")
            }
            targets.append(container)
        }
        let key = SubscriberKey(queue: ObjectIdentifier(queue), sub: sub)
        if request.project != nil || !request.labels.isEmpty {
            let selection = LogSelection(
                queue: queue, sub: sub, filter: request.filter, project: request.project, labels: request.labels
            )
            let chosen = state.withLock { state -> [ContainerView] in
                state.selectors[key] = selection
                return state.table.snapshot.filter { selection.matches(labels: $0.labels) }
            }
            targets.append(contentsOf: chosen.filter { candidate in !targets.contains { $0.id == candidate.id } })
        }
        guard !targets.isEmpty || state.withLock({ $0.selectors[key] != nil }) else {
            throw HubError(code: "bad_message", message: "name containers, a project or labels to follow", field: "containers")
        }
        for container in targets {
            let tail = logTail(for: container)
            try await tail.addViewer(
                key, queue: queue, filter: request.filter, history: request.history,
                resume: request.resume[String(container.id.prefix(12))], requestID: requestID
            )
        }
    }

    /// The tail of a container, created (and its upstream started) on first demand.
    func logTail(for container: ContainerView) -> LogTail {
        let (tail, isNew) = state.withLock { state -> (LogTail, Bool) in
            if let existing = state.tails[container.id], !existing.isEnded { return (existing, false) }
            let tail = LogTail(hub: self, containerID: container.id, name: container.name, anchor: state.logAnchors[container.id])
            state.tails[container.id] = tail
            return (tail, true)
        }
        if isNew { spawner.spawn { await tail.run() } }
        return tail
    }

    /// Drops a finished tail from the registry (only if it is still the registered one).
    func forget(_ tail: LogTail) {
        let (anchor, removed) = (tail.endAnchor, tail.state.withLock { $0.ended == "removed" })
        state.withLock { state in
            if state.tails[tail.containerID] === tail { state.tails.removeValue(forKey: tail.containerID) }
            // The container's next tail numbers on from where this one ended (see `LogTail.firstSeq`).
            state.logAnchors[tail.containerID] = removed ? nil : anchor ?? state.logAnchors[tail.containerID]
        }
    }

    /// Adds a container that just appeared to the selections it matches (called under the hub's lock).
    func attachSelections(for event: DockerEvent, state: inout State) {
        let labels = event.actor.attributes ?? [:]
        let matching = state.selectors.filter { $0.value.matches(labels: labels) }
        guard !matching.isEmpty else { return }
        let id = event.actor.id
        let name = labels["name"] ?? String(id.prefix(12))
        spawner.spawn { [self] in
            let view = ContainerView(
                engine: self.name, id: id, name: name, image: labels["image"] ?? "", imageID: nil, command: nil, created: event.time,
                state: "created", status: "", health: nil, ports: [], labels: labels, composeProject: nil, composeService: nil
            )
            let tail = logTail(for: view)
            for (key, selection) in matching where !tail.hasViewer(key) {
                do {
                    try await tail.addViewer(
                        key, queue: selection.queue, filter: selection.filter, history: configuration.logRingCapacity, resume: nil,
                        requestID: nil
                    )
                } catch {
                    selection.queue.push(.message(.error(ErrorReply(sub: selection.sub, code: "logs_unavailable", message: "\(error)"))))
                }
            }
        }
    }
}
