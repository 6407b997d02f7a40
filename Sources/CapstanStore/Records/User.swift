import Foundation

/// A local user account.
///
/// Names are unique without regard to case (`Alice` and `alice` are the same account); the store keeps the name
/// as it was given for display. `passwordHash` is whatever the authentication layer produced (bcrypt): the store
/// never sees a password. Timestamps are kept to the microsecond, the precision both databases store.
public struct User: Sendable, Codable, Hashable, Identifiable {
    /// Stable identifier; never reused.
    public var id: UUID
    /// The sign-in name, as entered (unique case-insensitively).
    public var name: String
    /// The password hash (e.g. bcrypt's `$2b$…` string). Never a password.
    public var passwordHash: String
    /// What the user may do.
    public var role: Role
    /// A disabled user cannot sign in and their tokens must be refused.
    public var disabled: Bool
    /// When the account was created.
    public var createdAt: Date
    /// When any field last changed.
    public var updatedAt: Date
    /// When the password last changed; tokens issued before this instant may be refused by the caller.
    public var passwordChangedAt: Date

    /// Creates a user value. All timestamps default to `now`; `id` to a fresh UUID.
    public init(
        id: UUID = UUID(),
        name: String,
        passwordHash: String,
        role: Role,
        disabled: Bool = false,
        createdAt: Date = Date(),
        updatedAt: Date? = nil,
        passwordChangedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.passwordHash = passwordHash
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
        self.passwordChangedAt = passwordChangedAt ?? createdAt
    }
}

extension User {
    /// The key that makes names unique regardless of case. Computed in Swift (Unicode-aware) rather than with
    /// SQL `lower()`/`NOCASE`, which differ between SQLite (ASCII only) and PostgreSQL (locale dependent).
    static func nameKey(_ name: String) -> String {
        name.lowercased()
    }

    /// The same user with every timestamp rounded to the microsecond, i.e. exactly as it reads back.
    var normalized: User {
        var copy = self
        copy.createdAt = createdAt.roundedToMicroseconds
        copy.updatedAt = updatedAt.roundedToMicroseconds
        copy.passwordChangedAt = passwordChangedAt.roundedToMicroseconds
        return copy
    }
}
