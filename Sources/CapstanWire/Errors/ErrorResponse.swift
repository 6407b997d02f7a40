/// The body of every error answer: `{"error":{"code":…,"message":…}}`.
public struct ErrorResponse: Codable, Sendable, Hashable {
    /// The error.
    public var error: ErrorBody

    /// Creates an error answer.
    public init(error: ErrorBody) { self.error = error }
}

/// What went wrong, for people (`message`) and programs (`code`, `field`).
public struct ErrorBody: Codable, Sendable, Hashable {
    /// A stable snake-case code: `bad_request`, `not_found`, `conflict`, `engine_unreachable`, …
    public var code: String
    /// A sentence a person understands.
    public var message: String
    /// The request field that was wrong, for `bad_request`.
    public var field: String?
    /// The engine the request was for, when it concerns one.
    public var engine: String?

    /// Creates an error body.
    public init(code: String, message: String, field: String? = nil, engine: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.engine = engine
    }
}
