/// A container attached to a network.
public struct NetworkEndpointView: Codable, Sendable, Hashable {
    /// The container id.
    public var id: String
    /// The container name.
    public var name: String
    /// Its IPv4 address on the network (with the prefix length from inspect, without it in lists), when it has one.
    public var ipv4Address: String?

    /// Creates a view.
    public init(id: String, name: String, ipv4Address: String?) {
        self.id = id
        self.name = name
        self.ipv4Address = ipv4Address
    }
}
