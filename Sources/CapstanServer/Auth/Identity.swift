import CapstanStore
import Foundation

/// Who is calling: established from a verified access token (or the CLI's direct database access).
public struct Identity: Sendable, Hashable {
    /// The user's id.
    public var userID: UUID
    /// The user's name.
    public var name: String
    /// The user's role.
    public var role: Role
    /// When the token that proved it expires.
    public var expiresAt: Date

    /// Creates an identity.
    public init(userID: UUID, name: String, role: Role, expiresAt: Date) {
        self.userID = userID
        self.name = name
        self.role = role
        self.expiresAt = expiresAt
    }
}
