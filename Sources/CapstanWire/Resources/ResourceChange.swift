/// `resource_change`: one entry of a live resource list was added, changed or removed.
public struct ResourceChange: Codable, Sendable, Hashable {
    /// The subscription.
    public var sub: String?
    /// The engine.
    public var engine: String
    /// The list it belongs to.
    public var kind: ResourceKind
    /// Consecutive per engine and kind.
    public var seq: UInt64
    /// `added`, `changed` or `removed`.
    public var change: String
    /// The entry's key: image id, volume name or network id.
    public var key: String
    /// The entry as it is now (absent when removed).
    public var item: ResourceItemView?

    /// Creates a change.
    public init(sub: String?, engine: String, kind: ResourceKind, seq: UInt64, change: String, key: String, item: ResourceItemView?) {
        self.sub = sub
        self.engine = engine
        self.kind = kind
        self.seq = seq
        self.change = change
        self.key = key
        self.item = item
    }
}
