/// `POST /api/v1/auth/login`.
public struct LoginRequest: Codable, Sendable, Hashable {
    /// The user name.
    public var name: String
    /// The password.
    public var password: String

    /// Creates a request.
    public init(name: String, password: String) {
        self.name = name
        self.password = password
    }
}

/// `POST /api/v1/auth/setup`: the first admin, with the one-time token the server printed.
public struct SetupRequest: Codable, Sendable, Hashable {
    /// The one-time setup token.
    public var token: String
    /// The admin's name.
    public var name: String
    /// The admin's password.
    public var password: String

    /// Creates a request.
    public init(token: String, name: String, password: String) {
        self.token = token
        self.name = name
        self.password = password
    }
}

/// `POST /api/v1/auth/refresh` and `/logout`.
public struct RefreshRequest: Codable, Sendable, Hashable {
    /// The refresh token.
    public var refreshToken: String

    /// Creates a request.
    public init(refreshToken: String) { self.refreshToken = refreshToken }
}

/// `POST /api/v1/auth/password`: change one's own password.
public struct PasswordChangeRequest: Codable, Sendable, Hashable {
    /// The current password.
    public var currentPassword: String
    /// The new password.
    public var newPassword: String

    /// Creates a request.
    public init(currentPassword: String, newPassword: String) {
        self.currentPassword = currentPassword
        self.newPassword = newPassword
    }
}

/// The tokens a sign-in or refresh returns.
public struct TokenPairView: Codable, Sendable, Hashable {
    /// The signed access token (send as `Authorization: Bearer …`).
    public var accessToken: String
    /// `Bearer`.
    public var tokenType: String
    /// Seconds until the access token expires.
    public var expiresIn: Int
    /// The opaque refresh token: single use, rotates on every refresh.
    public var refreshToken: String
    /// Seconds until the refresh token expires.
    public var refreshExpiresIn: Int
    /// Who signed in.
    public var user: UserView

    /// Creates a view.
    public init(accessToken: String, expiresIn: Int, refreshToken: String, refreshExpiresIn: Int, user: UserView) {
        self.accessToken = accessToken
        self.tokenType = "Bearer"
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.refreshExpiresIn = refreshExpiresIn
        self.user = user
    }
}

/// A user as the API shows it (never the password hash).
public struct UserView: Codable, Sendable, Hashable {
    /// The id.
    public var id: String
    /// The name.
    public var name: String
    /// `viewer`, `operator` or `admin`.
    public var role: String
    /// Whether sign-in is refused.
    public var disabled: Bool
    /// Creation time (RFC 3339).
    public var createdAt: String

    /// Creates a view.
    public init(id: String, name: String, role: String, disabled: Bool, createdAt: String) {
        self.id = id
        self.name = name
        self.role = role
        self.disabled = disabled
        self.createdAt = createdAt
    }
}

/// `POST /api/v1/users`.
public struct UserCreateRequest: Codable, Sendable, Hashable {
    /// The name.
    public var name: String
    /// The password.
    public var password: String
    /// The role.
    public var role: String

    /// Creates a request.
    public init(name: String, password: String, role: String) {
        self.name = name
        self.password = password
        self.role = role
    }
}

/// `PATCH /api/v1/users/{id}`: what to change.
public struct UserUpdateRequest: Codable, Sendable, Hashable {
    /// A new role.
    public var role: String?
    /// Disable or enable.
    public var disabled: Bool?
    /// A new password (an admin's reset).
    public var password: String?

    /// Creates a request.
    public init(role: String? = nil, disabled: Bool? = nil, password: String? = nil) {
        self.role = role
        self.disabled = disabled
        self.password = password
    }
}

/// `GET /api/v1/auth/setup`: whether the first admin still has to be created.
public struct SetupStatusView: Codable, Sendable, Hashable {
    /// True until the first admin exists.
    public var required: Bool

    /// Creates a view.
    public init(required: Bool) { self.required = required }
}
