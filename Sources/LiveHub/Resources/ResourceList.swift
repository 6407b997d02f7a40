import CapstanWire

/// The live list of one kind of object on one engine, numbered: a pure value.
///
/// ``replace(with:)`` takes the engine's whole list as it is now and returns what changed, each
/// change with the next sequence number, so every subscriber sees the same numbered deltas.
public struct ResourceList: Sendable {
    /// The entries by key.
    public private(set) var items: [String: ResourceItemView] = [:]
    /// The number of the last change (0: none yet).
    public private(set) var seq: UInt64 = 0

    /// An empty list.
    public init() {}

    /// The entries in a stable order (by key).
    public var snapshot: [ResourceItemView] { items.keys.sorted().compactMap { items[$0] } }

    /// Replaces the list; returns the changes, numbered: additions and changes in key order, then removals.
    public mutating func replace(with entries: [ResourceItemView]) -> [Delta] {
        var next: [String: ResourceItemView] = [:]
        for entry in entries { next[entry.key] = entry }
        var deltas: [Delta] = []
        for key in next.keys.sorted() {
            let entry = next[key]!
            if let old = items[key] {
                if old != entry { deltas.append(delta(.changed, key: key, item: entry)) }
            } else {
                deltas.append(delta(.added, key: key, item: entry))
            }
        }
        for key in items.keys.sorted() where next[key] == nil { deltas.append(delta(.removed, key: key, item: nil)) }
        items = next
        return deltas
    }

    private mutating func delta(_ change: Delta.Change, key: String, item: ResourceItemView?) -> Delta {
        seq += 1
        return Delta(seq: seq, change: change, key: key, item: item)
    }

    /// One change of the list.
    public struct Delta: Sendable, Hashable {
        /// What happened.
        public enum Change: String, Sendable {
            case added, changed, removed
        }
        /// Its number.
        public var seq: UInt64
        /// What happened.
        public var change: Change
        /// The entry's key.
        public var key: String
        /// The entry now (nil when removed).
        public var item: ResourceItemView?
    }
}
