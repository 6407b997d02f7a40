/// `subscribe_resources`: the live list of one kind of engine object.
public struct SubscribeResources: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription id the client chooses.
    public var sub: String?
    /// One engine, or every engine when absent.
    public var engine: String?
    /// `images`, `volumes` or `networks` (a string, so that anything else is answered with a sentence naming the choices).
    public var kind: String

    /// Creates a subscription request.
    public init(id: String? = nil, sub: String? = nil, engine: String? = nil, kind: ResourceKind) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.kind = kind.rawValue
    }
}
