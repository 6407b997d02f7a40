import Foundation

/// Hashed refresh tokens with single-use rotation.
public protocol RefreshTokenRepository: Sendable {
    /// Stores a new token. Throws ``CapstanStoreError/conflict`` for a duplicate id or hash,
    /// ``CapstanStoreError/notFound`` when the user does not exist.
    func insert(_ token: RefreshToken) async throws
    /// The token whose ``RefreshToken/tokenHash`` is `tokenHash`, or `nil`.
    func find(tokenHash: String) async throws -> RefreshToken?
    /// Marks the token used and records its replacement, but only if it is neither used nor revoked yet.
    ///
    /// This is one atomic conditional update, so of two concurrent calls for the same token exactly one returns
    /// `true`. `false` means the token was already used or revoked (or does not exist): treat it as a reuse.
    func markUsed(id: UUID, replacedBy: UUID?, at time: Date) async throws -> Bool
    /// Revokes every not-yet-revoked token of the family. Returns how many were revoked.
    @discardableResult
    func revokeFamily(_ familyID: UUID, at time: Date) async throws -> Int
    /// Revokes every not-yet-revoked token of the user (sign out everywhere, password change, disable).
    @discardableResult
    func revokeAll(userID: UUID, at time: Date) async throws -> Int
    /// Deletes tokens that expired before `time`. Returns how many were deleted.
    @discardableResult
    func deleteExpired(before time: Date) async throws -> Int
}
