/// Where a request came from, for rate limits and the audit.
public struct ClientInfo: Sendable, Hashable {
    /// The client's address.
    public var address: String?
    /// The request id.
    public var requestID: String?

    /// Creates client info.
    public init(address: String?, requestID: String?) {
        self.address = address
        self.requestID = requestID
    }
}
