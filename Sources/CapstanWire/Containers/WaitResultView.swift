/// The answer of the wait endpoint.
public struct WaitResultView: Codable, Sendable, Hashable {
    /// The container's exit code.
    public var statusCode: Int
    /// The error the wait ended with, if any.
    public var error: String?

    /// Creates a view.
    public init(statusCode: Int, error: String?) {
        self.statusCode = statusCode
        self.error = error
    }
}
