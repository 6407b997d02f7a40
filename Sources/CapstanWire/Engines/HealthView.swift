/// The answer of `/healthz` and `/readyz`.
public struct HealthView: Codable, Sendable, Hashable {
    /// `ok`, or `unavailable` when not ready.
    public var status: String
    /// Per engine: `up` or `down` (only on `/readyz`).
    public var engines: [String: String]?

    /// Creates a view.
    public init(status: String, engines: [String: String]? = nil) {
        self.status = status
        self.engines = engines
    }
}
