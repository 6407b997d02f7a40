/// Sign-in, token and WebSocket-origin settings, with safe defaults.
public struct AuthConfiguration: Sendable {
    /// How long an access token lives.
    public var accessTokenLifetime: Duration = .seconds(15 * 60)
    /// How long a refresh token lives.
    public var refreshTokenLifetime: Duration = .seconds(7 * 24 * 3600)
    /// The shortest password accepted.
    public var minimumPasswordLength = 10
    /// The bcrypt cost (12 in production; tests may lower it).
    public var bcryptCost: UInt8 = 12
    /// Origins allowed to open the WebSocket besides the server's own (`https://ops.example.com`).
    public var allowedOrigins: [String] = []
    /// WebSocket connections allowed per user.
    public var maxConnectionsPerUser = 10
    /// Failed sign-ins allowed per address or name within the window before a lockout.
    public var maxLoginFailures = 5
    /// The window failed sign-ins are counted in (seconds).
    public var loginFailureWindow: Double = 300
    /// How long a lockout lasts (seconds).
    public var lockoutDuration: Double = 900
    /// A signing key given by the environment (`CAPSTAN_JWT_SECRET`); otherwise one is generated and stored.
    public var signingKey: [UInt8]?

    /// The defaults.
    public init() {}
}
