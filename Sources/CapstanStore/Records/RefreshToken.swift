import Crypto
import Foundation

/// A stored refresh token: only its SHA-256 hash is kept, never the opaque token a client holds.
///
/// Tokens rotate: each use marks the presented token used and issues a new one in the same `familyID`. A token
/// presented a second time means it leaked, and the caller revokes the whole family.
public struct RefreshToken: Sendable, Codable, Hashable, Identifiable {
    /// Identifier of this token row.
    public var id: UUID
    /// The user the token signs in.
    public var userID: UUID
    /// All tokens rotated from one sign-in share a family; reuse of any revokes them all.
    public var familyID: UUID
    /// Lowercase hex SHA-256 of the opaque token (see ``hash(ofToken:)``).
    public var tokenHash: String
    /// When the token was issued.
    public var createdAt: Date
    /// After this instant the token must be refused.
    public var expiresAt: Date
    /// When the token was exchanged for a new one; a second presentation is a reuse.
    public var usedAt: Date?
    /// When the token (or its family, or all the user's tokens) was revoked.
    public var revokedAt: Date?
    /// The token issued in exchange for this one.
    public var replacedBy: UUID?

    /// Creates a token record; `createdAt` defaults to now.
    public init(
        id: UUID = UUID(),
        userID: UUID,
        familyID: UUID,
        tokenHash: String,
        createdAt: Date = Date(),
        expiresAt: Date,
        usedAt: Date? = nil,
        revokedAt: Date? = nil,
        replacedBy: UUID? = nil
    ) {
        self.id = id
        self.userID = userID
        self.familyID = familyID
        self.tokenHash = tokenHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.usedAt = usedAt
        self.revokedAt = revokedAt
        self.replacedBy = replacedBy
    }

    /// The value stored in ``tokenHash`` for an opaque token: lowercase hex SHA-256 of its UTF-8 bytes.
    ///
    /// A plain hash (no salt, no bcrypt) is enough because the token is a long random value, not a password,
    /// and the lookup must be by equality.
    public static func hash(ofToken token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).lowercaseHex
    }
}

extension RefreshToken {
    /// The same token with every timestamp rounded to the microsecond, i.e. exactly as it reads back.
    var normalized: RefreshToken {
        var copy = self
        copy.createdAt = createdAt.roundedToMicroseconds
        copy.expiresAt = expiresAt.roundedToMicroseconds
        copy.usedAt = usedAt?.roundedToMicroseconds
        copy.revokedAt = revokedAt?.roundedToMicroseconds
        return copy
    }
}
