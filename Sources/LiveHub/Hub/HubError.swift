/// A request to the hub that cannot be served, with the wire code and the field at fault.
public struct HubError: Error, Sendable, CustomStringConvertible {
    /// `not_found`, `bad_message`, `limit_reached`, `engine_unreachable`.
    public var code: String
    /// What went wrong, for a person.
    public var message: String
    /// The message field at fault.
    public var field: String?

    /// Creates an error.
    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }

    /// The message.
    public var description: String { message }
}
