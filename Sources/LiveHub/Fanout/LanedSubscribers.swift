/// An engine's container-list subscribers, grouped by their queues' ``DeliveryLane``.
///
/// A change goes to every subscriber. Grouped here as they subscribe, the hub hands each lane its whole
/// group in one step (`deliver`), and the walk over the subscribers happens on the lanes, in parallel,
/// instead of on the hub's thread before the first client is written to.
struct LanedSubscribers: Sendable {
    /// The subscribers of one lane (or of none: queues without a lane).
    private struct Group: Sendable {
        let lane: (any DeliveryLane)?
        var members: [EngineHub.SubscriberKey: ClientQueue] = [:]
    }

    /// A handful of groups (one per event loop): scanned, not hashed.
    private var groups: [Group] = []

    /// Every subscriber.
    var count: Int { groups.reduce(0) { $0 + $1.members.count } }

    /// The queue subscribed under `key`.
    subscript(key: EngineHub.SubscriberKey) -> ClientQueue? {
        for group in groups { if let queue = group.members[key] { return queue } }
        return nil
    }

    private func index(of lane: (any DeliveryLane)?) -> Int? {
        groups.firstIndex { $0.lane?.id == lane?.id }
    }

    /// Adds (or replaces) the subscriber `key`.
    mutating func insert(_ queue: ClientQueue, for key: EngineHub.SubscriberKey) {
        if let index = index(of: queue.lane) {
            groups[index].members[key] = queue
        } else {
            groups.append(Group(lane: queue.lane, members: [key: queue]))
        }
    }

    /// Removes the subscriber `key`; returns whether it was there.
    @discardableResult
    mutating func remove(_ key: EngineHub.SubscriberKey) -> Bool {
        for index in groups.indices where groups[index].members.removeValue(forKey: key) != nil { return true }
        return false
    }

    /// Removes every subscription of `queue`.
    mutating func removeAll(of queue: ClientQueue) {
        guard let index = index(of: queue.lane) else { return }
        let id = ObjectIdentifier(queue)
        groups[index].members = groups[index].members.filter { $0.key.queue != id }
    }

    /// Every subscribed queue, once.
    var queueIDs: Set<ObjectIdentifier> {
        var ids = Set<ObjectIdentifier>()
        for group in groups { for key in group.members.keys { ids.insert(key.queue) } }
        return ids
    }

    /// Pushes `changes` to every subscriber: on its lane, one piece of work per lane, in the order of
    /// the calls; at once for queues without a lane.
    func deliver(_ changes: [SharedChange]) {
        guard !changes.isEmpty else { return }
        hand { members in
            // Nearly always one change: no array per subscriber then.
            if changes.count == 1 {
                let change = changes[0]
                for (key, queue) in members { queue.push(.change(sub: key.sub, change)) }
            } else {
                for (key, queue) in members { queue.push(contentsOf: changes.map { .change(sub: key.sub, $0) }) }
            }
        }
    }

    /// Pushes `output` once to every subscribed queue (however many subscriptions it has), the same way
    /// and in the same order as `deliver`: a message about the engine follows the changes before it.
    func deliverOncePerQueue(_ output: HubOutput) {
        hand { members in
            var reached = Set<ObjectIdentifier>()
            for (key, queue) in members where reached.insert(key.queue).inserted { queue.push(output) }
        }
    }

    /// Runs `push` with each group's members: as one piece of work on the group's lane, or at once.
    private func hand(_ push: @escaping @Sendable ([EngineHub.SubscriberKey: ClientQueue]) -> Void) {
        for group in groups where !group.members.isEmpty {
            // Captured as a value: later subscriptions do not change what this delivery reaches.
            let members = group.members
            if let lane = group.lane {
                lane.submit { push(members) }
            } else {
                push(members)
            }
        }
    }
}
