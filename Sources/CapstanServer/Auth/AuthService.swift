import CapstanStore
import CapstanWire
import Crypto
import Foundation
import Logging
import Synchronization

/// Sign-in, tokens, first-run setup and user management: the rules of issue 4 in one place.
public final class AuthService: Sendable {
    /// The store.
    public let store: any CapstanStore
    /// The settings.
    public let configuration: AuthConfiguration
    /// The audit writer.
    public let auditor: Auditor
    /// The switches an admin may change while the server runs.
    public let settings: RuntimeSettings
    let signer: AccessTokenSigner
    let throttle: LoginThrottle
    let passwords: PasswordHasher
    private let setupToken: Mutex<String?>
    private let logger: Logger

    /// The settings key of the stored signing key.
    static let signingKeySetting = "auth.signing_key"

    private init(
        store: any CapstanStore, configuration: AuthConfiguration, key: [UInt8], setupToken: String?, settings: RuntimeSettings, logger: Logger
    ) {
        self.store = store
        self.settings = settings
        self.configuration = configuration
        self.signer = AccessTokenSigner(key: key)
        self.passwords = PasswordHasher(cost: configuration.bcryptCost)
        self.throttle = LoginThrottle(
            maxFailures: configuration.maxLoginFailures, window: configuration.loginFailureWindow,
            lockout: configuration.lockoutDuration
        )
        self.setupToken = Mutex(setupToken)
        self.auditor = Auditor(store: store, logger: logger)
        self.logger = logger
    }

    /// Loads (or generates and stores) the signing key; creates a one-time setup token when there is no user.
    public static func start(store: any CapstanStore, configuration: AuthConfiguration, logger: Logger) async throws -> AuthService {
        let key: [UInt8]
        if let given = configuration.signingKey {
            key = given
        } else if let stored = try await store.settings.get(signingKeySetting), let data = Data(base64Encoded: stored.value), data.count >= 32 {
            key = Array(data)
        } else {
            key = randomBytes(32)
            try await store.settings.set(signingKeySetting, to: Data(key).base64EncodedString())
        }
        let needsSetup = try await store.users.count() == 0
        return AuthService(
            store: store, configuration: configuration, key: key,
            setupToken: needsSetup ? AccessTokenSigner.base64URL(Data(randomBytes(24))) : nil,
            settings: try await RuntimeSettings.load(from: store), logger: logger
        )
    }

    /// The one-time setup token, while no user exists.
    public var pendingSetupToken: String? { setupToken.withLock { $0 } }

    // MARK: Tokens

    /// Verifies a bearer token and re-reads the user, so a disabled or deleted user is refused at once.
    public func authenticate(bearer token: String) async throws -> Identity {
        let claims: AccessTokenSigner.Claims
        do {
            claims = try signer.verify(token)
        } catch {
            let reason: String
            switch error {
            case .expired: reason = "the access token has expired; refresh it"
            case .unsupportedAlgorithm: reason = "the access token's algorithm is not accepted"
            case .badSignature: reason = "the access token's signature is not valid"
            case .malformed: reason = "the access token is malformed"
            }
            throw APIError(.unauthorized, code: error == .expired ? "token_expired" : "unauthorized", message: reason)
        }
        guard let id = UUID(uuidString: claims.sub), let user = try await storeCall({ try await self.store.users.get(id: id) }),
            !user.disabled
        else {
            throw APIError(.unauthorized, code: "unauthorized", message: "the user of this token no longer exists or is disabled")
        }
        return Identity(userID: user.id, name: user.name, role: user.role, expiresAt: Date(timeIntervalSince1970: Double(claims.exp)))
    }

    /// Signs in with a name and password.
    public func login(name: String, password: String, client: ClientInfo) async throws -> TokenPairView {
        let keys = ["address:\(client.address ?? "unknown")", "name:\(name.lowercased())"]
        if let until = throttle.lockedUntil(keys) {
            await auditQuietly(action: "auth.login", user: name, client: client, result: .denied, error: "locked out")
            throw APIError(
                .tooManyRequests, code: "locked_out",
                message: "too many failed sign-ins; try again after \(until.formatted(.iso8601))"
            )
        }
        let user = try await storeCall { try await self.store.users.get(name: name) }
        // Verify even for an unknown user, so the answer takes as long either way.
        let valid: Bool
        if let user {
            valid = try await passwords.verify(password, against: user.passwordHash)
        } else {
            try await passwords.verifyDecoy(password)
            valid = false
        }
        guard let user, valid, !user.disabled else {
            throttle.fail(keys)
            try await auditor.record(
                AuditEntry(
                    user: name, clientAddress: client.address, requestID: client.requestID, action: "auth.login", result: .failure,
                    error: user?.disabled == true ? "user disabled" : "bad name or password"
                )
            )
            throw APIError(.unauthorized, code: "bad_credentials", message: "wrong name or password")
        }
        throttle.succeed(keys)
        let pair = try await issue(for: user, family: UUID())
        try await auditor.record(
            AuditEntry(user: user.name, role: user.role, clientAddress: client.address, requestID: client.requestID, action: "auth.login", result: .success)
        )
        return pair
    }

    /// Exchanges a refresh token for a new pair; a token used twice revokes its whole family.
    public func refresh(_ token: String, client: ClientInfo) async throws -> TokenPairView {
        let now = Date()
        guard let stored = try await storeCall({ try await self.store.refreshTokens.find(tokenHash: RefreshToken.hash(ofToken: token)) }) else {
            throw APIError(.unauthorized, code: "unauthorized", message: "unknown refresh token")
        }
        let user = try await storeCall { try await self.store.users.get(id: stored.userID) }
        if stored.revokedAt != nil && stored.usedAt == nil {
            throw APIError(.unauthorized, code: "token_revoked", message: "this refresh token was revoked; sign in again")
        }
        if stored.usedAt != nil {
            // Reuse of a rotated token: someone else has a copy. Revoke the family.
            _ = try await storeCall { try await self.store.refreshTokens.revokeFamily(stored.familyID, at: now) }
            try await auditor.record(
                AuditEntry(
                    user: user?.name, role: user?.role, clientAddress: client.address, requestID: client.requestID,
                    action: "auth.refresh_reuse", parameters: ["family": stored.familyID.uuidString], result: .denied,
                    error: "a used refresh token was presented again; its family was revoked"
                )
            )
            throw APIError(.unauthorized, code: "token_reused", message: "this refresh token was already used; sign in again")
        }
        guard stored.expiresAt > now, let user, !user.disabled else {
            throw APIError(.unauthorized, code: "unauthorized", message: "the refresh token has expired or its user is disabled")
        }
        let next = UUID()
        let won = try await storeCall { try await self.store.refreshTokens.markUsed(id: stored.id, replacedBy: next, at: now) }
        guard won else {
            _ = try await storeCall { try await self.store.refreshTokens.revokeFamily(stored.familyID, at: now) }
            throw APIError(.unauthorized, code: "token_reused", message: "this refresh token was already used; sign in again")
        }
        return try await issue(for: user, family: stored.familyID, id: next)
    }

    /// Revokes the family of a refresh token.
    public func logout(_ token: String, identity: Identity?, client: ClientInfo) async throws {
        let stored = try await storeCall { try await self.store.refreshTokens.find(tokenHash: RefreshToken.hash(ofToken: token)) }
        if let stored { _ = try await storeCall { try await self.store.refreshTokens.revokeFamily(stored.familyID, at: Date()) } }
        var user: User?
        if let stored { user = try await storeCall { try await self.store.users.get(id: stored.userID) } }
        try await auditor.record(
            AuditEntry(
                user: user?.name ?? identity?.name, role: user?.role ?? identity?.role, clientAddress: client.address,
                requestID: client.requestID, action: "auth.logout", result: stored == nil ? .failure : .success,
                error: stored == nil ? "unknown refresh token" : nil
            )
        )
    }

    private func issue(for user: User, family: UUID, id: UUID = UUID()) async throws -> TokenPairView {
        let now = Date()
        let accessSeconds = Int(configuration.accessTokenLifetime.components.seconds)
        let refreshSeconds = Int(configuration.refreshTokenLifetime.components.seconds)
        let claims = AccessTokenSigner.Claims(
            sub: user.id.uuidString, name: user.name, role: user.role.rawValue, iat: Int64(now.timeIntervalSince1970),
            exp: Int64(now.timeIntervalSince1970) + Int64(accessSeconds), jti: UUID().uuidString
        )
        let refresh = AccessTokenSigner.base64URL(Data(Self.randomBytes(32)))
        try await storeCall {
            try await self.store.refreshTokens.insert(
                RefreshToken(
                    id: id, userID: user.id, familyID: family, tokenHash: RefreshToken.hash(ofToken: refresh), createdAt: now,
                    expiresAt: now.addingTimeInterval(Double(refreshSeconds))
                )
            )
        }
        return TokenPairView(
            accessToken: signer.sign(claims), expiresIn: accessSeconds, refreshToken: refresh, refreshExpiresIn: refreshSeconds,
            user: Self.view(user)
        )
    }

    // MARK: Setup and users

    /// Creates the first admin with the one-time token; works exactly once.
    public func setup(token: String, name: String, password: String, client: ClientInfo) async throws -> TokenPairView {
        let expected = setupToken.withLock { $0 }
        guard let expected, Self.constantTimeEqual(expected, token) else {
            await auditQuietly(action: "auth.setup", user: name, client: client, result: .denied, error: "bad or used setup token")
            throw APIError(.forbidden, code: "forbidden", message: "setup is not open, or the setup token is wrong")
        }
        guard try await storeCall({ try await self.store.users.count() }) == 0 else {
            setupToken.withLock { $0 = nil }
            throw APIError(.conflict, code: "conflict", message: "an admin already exists")
        }
        let user = try await createUser(name: name, password: password, role: .admin, actor: nil, client: client)
        setupToken.withLock { $0 = nil }
        return try await issue(for: user, family: UUID())
    }

    /// Creates a user (audited), checking name and password.
    @discardableResult
    public func createUser(name: String, password: String, role: Role, actor: Identity?, client: ClientInfo) async throws -> User {
        try Self.checkName(name)
        try checkPassword(password)
        let user: User
        do {
            user = try await store.users.create(User(name: name, passwordHash: passwords.hash(password), role: role))
        } catch let error as CapstanStoreError where error == .conflict {
            throw APIError(.conflict, code: "conflict", message: "a user named '\(name)' already exists", field: "name")
        } catch let error as CapstanStoreError where error == .unavailable {
            throw APIError(.serviceUnavailable, code: "database_unavailable", message: "the database is not reachable")
        }
        try await auditor.record(
            AuditEntry(
                user: actor?.name, role: actor?.role, clientAddress: client.address, requestID: client.requestID, action: "user.create",
                objectID: user.id.uuidString, objectName: user.name, parameters: ["role": role.rawValue], result: .success
            )
        )
        return user
    }

    /// Checks a new password against the policy.
    public func checkPassword(_ password: String) throws {
        guard password.count >= configuration.minimumPasswordLength else {
            throw APIError.badRequest(field: "password", "the password must have at least \(configuration.minimumPasswordLength) characters")
        }
        guard password.count <= 256 else { throw APIError.badRequest(field: "password", "the password must have at most 256 characters") }
    }

    /// Checks a user name.
    public static func checkName(_ name: String) throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-@"))
        guard (1...64).contains(name.count), name.unicodeScalars.allSatisfy(allowed.contains) else {
            throw APIError.badRequest(field: "name", "a user name has 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
    }

    /// Hashes a password with the configured cost (off the concurrency pool, see ``PasswordHasher``).
    public func hashPassword(_ password: String) async throws -> String { try await passwords.hash(password) }

    /// Verifies a password against a user's hash (off the concurrency pool).
    public func verifyPassword(_ password: String, of user: User) async throws -> Bool {
        try await passwords.verify(password, against: user.passwordHash)
    }

    /// The API view of a user.
    public static func view(_ user: User) -> UserView {
        UserView(
            id: user.id.uuidString, name: user.name, role: user.role.rawValue, disabled: user.disabled,
            createdAt: user.createdAt.formatted(.iso8601)
        )
    }

    // MARK: Helpers

    /// Runs a store call, mapping an unreachable database to a 503.
    func storeCall<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch let error as CapstanStoreError where error == .unavailable {
            throw APIError(.serviceUnavailable, code: "database_unavailable", message: "the database is not reachable: \(error.message)")
        }
    }

    private func auditQuietly(action: String, user: String?, client: ClientInfo, result: AuditResult, error: String?) async {
        try? await auditor.record(
            AuditEntry(user: user, clientAddress: client.address, requestID: client.requestID, action: action, result: result, error: error)
        )
    }

    static func randomBytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        return zip(left, right).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
