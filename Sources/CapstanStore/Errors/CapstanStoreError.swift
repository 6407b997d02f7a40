/// An error from the persistence layer.
///
/// A struct over a private code so that cases can be added without breaking callers; compare with the static
/// members (`error == .notFound`), which match on the code alone and ignore ``message``.
///
/// Callers must treat ``unavailable`` as "the write did not happen": an action that has to be audited is refused
/// when its audit entry cannot be written (fail closed).
public struct CapstanStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Code: Sendable, Equatable {
        case notFound
        case conflict
        case unavailable
        case corrupt
        case invalidConfiguration
    }

    private let code: Code
    /// What happened, for logs and operators. Never contains passwords, hashes or bound values.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The row asked for does not exist.
    public static var notFound: Self { .init(.notFound, "not found") }
    /// A uniqueness rule was broken (e.g. a user name already taken, case-insensitively).
    public static var conflict: Self { .init(.conflict, "conflict") }
    /// The database cannot be reached or used right now (unreachable at start, connection dropped, disk full,
    /// locked past the busy timeout, store closed). Retrying later may succeed.
    public static var unavailable: Self { .init(.unavailable, "database unavailable") }
    /// The database holds something the store cannot read (unknown role, malformed row, not a database file).
    public static var corrupt: Self { .init(.corrupt, "database content is corrupt") }
    /// The store was configured wrongly (e.g. a malformed database URL). Not retryable.
    public static var invalidConfiguration: Self { .init(.invalidConfiguration, "invalid configuration") }

    /// ``notFound`` with a message.
    public static func notFound(_ message: String) -> Self { .init(.notFound, message) }
    /// ``conflict`` with a message.
    public static func conflict(_ message: String) -> Self { .init(.conflict, message) }
    /// ``unavailable`` with the reason.
    public static func unavailable(_ message: String) -> Self { .init(.unavailable, message) }
    /// ``corrupt`` with what could not be read.
    public static func corrupt(_ message: String) -> Self { .init(.corrupt, message) }
    /// ``invalidConfiguration`` with what is wrong.
    public static func invalidConfiguration(_ message: String) -> Self { .init(.invalidConfiguration, message) }

    /// Errors are equal when their codes are: the message is for people, not for matching.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code
    }

    /// `"<code>: <message>"`.
    public var description: String {
        "\(code): \(message)"
    }
}
