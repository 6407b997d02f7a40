import DequeModule

/// The last few ids of containers the hub saw destroyed, oldest dropped first.
///
/// A container id is never reused, so a destroyed one is gone for good: a row for it read from the
/// engine before the `destroy` was handled (a read for a request, `EngineHub.resolveOrRead`) must not
/// add it back. The window a read spans is milliseconds; the bound only caps memory.
struct RecentIDs: Sendable {
    private var order: Deque<String> = []
    private var members: Set<String> = []
    /// How many ids are kept.
    let capacity: Int

    /// An empty set keeping at most `capacity` ids.
    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Adds `id`, dropping the oldest when full.
    mutating func insert(_ id: String) {
        guard members.insert(id).inserted else { return }
        order.append(id)
        if order.count > capacity, let oldest = order.popFirst() { members.remove(oldest) }
    }

    /// Whether `id` is among the kept ones.
    func contains(_ id: String) -> Bool { members.contains(id) }
}
