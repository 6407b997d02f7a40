import Foundation

/// Local user accounts. Names are unique case-insensitively.
public protocol UserRepository: Sendable {
    /// Stores a new user and returns it as stored (timestamps rounded to the microsecond).
    /// Throws ``CapstanStoreError/conflict`` when the name (ignoring case) or the id is taken.
    func create(_ user: User) async throws -> User
    /// The user with this id, or `nil`.
    func get(id: UUID) async throws -> User?
    /// The user with this name, ignoring case, or `nil`.
    func get(name: String) async throws -> User?
    /// All users, ordered by name (ignoring case).
    func list() async throws -> [User]
    /// Changes a user's role. Throws ``CapstanStoreError/notFound``.
    func updateRole(id: UUID, to role: Role) async throws -> User
    /// Disables or re-enables a user. Throws ``CapstanStoreError/notFound``.
    func setDisabled(id: UUID, _ disabled: Bool) async throws -> User
    /// Replaces the password hash and sets `passwordChangedAt`. Throws ``CapstanStoreError/notFound``.
    func setPasswordHash(id: UUID, to passwordHash: String) async throws -> User
    /// Deletes a user and, with them, their refresh tokens. Audit rows naming them stay.
    /// Throws ``CapstanStoreError/notFound``.
    func delete(id: UUID) async throws
    /// The number of users, or of users with the given role when `role` is not `nil`.
    func count(role: Role?) async throws -> Int
}

extension UserRepository {
    /// The number of users.
    public func count() async throws -> Int {
        try await count(role: nil)
    }
}
