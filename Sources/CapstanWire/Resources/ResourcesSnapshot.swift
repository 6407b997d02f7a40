/// `resources_snapshot`: the whole list of one kind on one engine, first answer of `subscribe_resources`.
public struct ResourcesSnapshot: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription.
    public var sub: String
    /// The engine.
    public var engine: String
    /// What the list holds.
    public var kind: ResourceKind
    /// The number of the last change included; the next `resource_change` has `seq + 1`.
    public var seq: UInt64
    /// The list (images by id, volumes by name, networks by id).
    public var items: [ResourceItemView]

    /// Creates a snapshot.
    public init(id: String?, sub: String, engine: String, kind: ResourceKind, seq: UInt64, items: [ResourceItemView]) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.kind = kind
        self.seq = seq
        self.items = items
    }
}
