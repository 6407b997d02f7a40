/// Limits and timings of the WebSocket endpoint.
public struct LiveConfiguration: Sendable {
    /// The largest inbound message answered with an error rather than a closed connection.
    public var maxMessageBytes = 64 * 1024
    /// The largest frame accepted at all (bigger ones close the connection with 1009).
    public var maxFrameBytes = 1024 * 1024
    /// Connections allowed per client address.
    public var maxConnectionsPerAddress = 10
    /// Subscriptions allowed per connection.
    public var maxSubscriptionsPerConnection = 100
    /// A connection with no subscription is closed after this long.
    public var idleTimeout: Duration = .seconds(300)
    /// Keepalive ping period.
    public var pingInterval: Duration = .seconds(30)
    /// A client that has not answered a ping within this long is closed (1001, "Ping timeout").
    public var pingTimeout: Duration = .seconds(10)
    /// Outputs buffered per connection before degrading (see ``LiveHub/ClientQueue``).
    public var queueCapacity = 4096
    /// How long a connection may stay behind before it is closed.
    public var slowClientLimit: Duration = .seconds(10)

    /// Seconds a connection may go on after its token expired, to send `authenticate` with a fresh one.
    public var reauthenticationGrace: Double = 30

    /// The defaults.
    public init() {}
}
