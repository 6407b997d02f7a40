import CapstanWire
import DequeModule

/// One engine's container list with numbered changes: the pure core of the live state.
///
/// Every change gets the next sequence number and is kept in a bounded ring, so a client that
/// reconnects with its last number gets exactly what it missed — or is told to take a fresh
/// snapshot when that is older than the ring.
public struct ContainerTable: Sendable {
    /// A numbered change.
    public struct Change: Sendable, Hashable {
        /// The sequence number.
        public var seq: UInt64
        /// `added`, `updated` or `removed`.
        public var kind: String
        /// The container id.
        public var id: String
        /// The container after the change (nil when removed).
        public var container: ContainerView?
        /// The fields that changed (for updates).
        public var fields: [String]?
    }

    /// The containers by id.
    public private(set) var containers: [String: ContainerView] = [:]
    /// The number of the last change.
    public private(set) var seq: UInt64 = 0
    private var ring: Deque<Change> = []
    /// How many changes are kept for resuming.
    public let capacity: Int

    /// An empty table.
    ///
    /// - Parameter startingAfter: the number before the first change (the first change gets the next one).
    public init(capacity: Int = 5000, startingAfter: UInt64 = 0) {
        self.capacity = max(1, capacity)
        self.seq = startingAfter
    }

    /// Puts a container in (added or updated); nil when nothing a client sees changed.
    public mutating func upsert(_ container: ContainerView) -> Change? {
        if let old = containers[container.id] {
            let fields = container.changedFields(from: old)
            var container = container
            // The same text read again is no newer: it was already true when first read.
            if container.status == old.status { container.statusAt = old.statusAt ?? container.statusAt }
            containers[container.id] = container
            guard !fields.isEmpty else { return nil }
            return record(kind: "updated", id: container.id, container: container, fields: fields)
        }
        containers[container.id] = container
        return record(kind: "added", id: container.id, container: container, fields: nil)
    }

    /// Takes a container out; nil when it was not there.
    public mutating func remove(_ id: String) -> Change? {
        guard containers.removeValue(forKey: id) != nil else { return nil }
        return record(kind: "removed", id: id, container: nil, fields: nil)
    }

    /// Replaces the whole list (after a (re)connect): the changes that turn the old list into the new one.
    public mutating func replaceAll(with list: [ContainerView]) -> [Change] {
        var changes: [Change] = []
        let incoming = Set(list.map(\.id))
        for id in containers.keys.sorted() where !incoming.contains(id) {
            if let change = remove(id) { changes.append(change) }
        }
        for container in list {
            if let change = upsert(container) { changes.append(change) }
        }
        return changes
    }

    /// The changes after `seq`, or nil when some of them are no longer kept (or `seq` is from the future).
    public func changes(after seq: UInt64) -> [Change]? {
        if seq == self.seq { return [] }
        guard seq < self.seq, let first = ring.first, first.seq <= seq + 1 else { return nil }
        return ring.filter { $0.seq > seq }
    }

    /// The containers, newest first (as the engine lists them).
    public var snapshot: [ContainerView] {
        containers.values.sorted { ($0.created, $0.id) > ($1.created, $1.id) }
    }

    private mutating func record(kind: String, id: String, container: ContainerView?, fields: [String]?) -> Change {
        seq += 1
        let change = Change(seq: seq, kind: kind, id: id, container: container, fields: fields)
        ring.append(change)
        if ring.count > capacity { ring.removeFirst(ring.count - capacity) }
        return change
    }
}
