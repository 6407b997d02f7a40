import CapstanStore
import HTTPTypes

/// The one table that says which role each route needs. Anything not in it is refused.
public enum AccessPolicy {
    /// What a route requires.
    public enum Requirement: Sendable, Hashable {
        /// Anyone, signed in or not.
        case anyone
        /// A signed-in user with at least this role.
        case role(Role)
        /// At least the first role, or the lowered one while the setting is on (the terminal for operators).
        case adjustable(Role, lowered: Role, when: ServerSetting)

        /// The role needed under the given settings; nil for ``anyone``.
        public func role(under value: (ServerSetting) -> Bool) -> Role? {
            switch self {
            case .anyone: nil
            case .role(let role): role
            case .adjustable(let role, let lowered, let setting): value(setting) ? lowered : role
            }
        }
    }

    /// A rule: a method (nil: any) and a path pattern where `*` matches one segment and a trailing `**` the rest.
    public struct Rule: Sendable {
        /// The method, nil for any.
        public let method: HTTPRequest.Method?
        /// The pattern.
        public let pattern: String
        /// What it requires.
        public let requirement: Requirement
    }

    /// Every route of the server, first match wins.
    public static let rules: [Rule] = [
        Rule(method: .get, pattern: "/healthz", requirement: .anyone),
        Rule(method: .get, pattern: "/readyz", requirement: .anyone),
        Rule(method: .post, pattern: "/api/v1/auth/login", requirement: .anyone),
        Rule(method: .post, pattern: "/api/v1/auth/refresh", requirement: .anyone),
        Rule(method: .post, pattern: "/api/v1/auth/logout", requirement: .anyone),
        Rule(method: .get, pattern: "/api/v1/auth/setup", requirement: .anyone),
        Rule(method: .post, pattern: "/api/v1/auth/setup", requirement: .anyone),
        Rule(method: .get, pattern: "/api/v1/auth/me", requirement: .role(.viewer)),
        Rule(method: .post, pattern: "/api/v1/auth/password", requirement: .role(.viewer)),
        // The web UI's files carry no data; the data behind them is protected.
        Rule(method: .get, pattern: "/", requirement: .anyone),
        Rule(method: .head, pattern: "/", requirement: .anyone),
        Rule(method: .get, pattern: "/index.html", requirement: .anyone),
        Rule(method: .head, pattern: "/index.html", requirement: .anyone),
        Rule(method: .get, pattern: "/ui/**", requirement: .anyone),
        Rule(method: .head, pattern: "/ui/**", requirement: .anyone),
        Rule(method: .get, pattern: "/vendor/**", requirement: .anyone),
        Rule(method: .head, pattern: "/vendor/**", requirement: .anyone),
        Rule(method: .get, pattern: "/vendor-node/**", requirement: .anyone),
        Rule(method: .head, pattern: "/vendor-node/**", requirement: .anyone),
        // The live WebSocket: every subscription is read-only.
        Rule(method: .get, pattern: "/api/v1/ws", requirement: .role(.viewer)),
        // Operators: the lifecycle of containers.
        Rule(method: .post, pattern: "/api/v1/engines/*/containers/*/start", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/containers/*/stop", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/containers/*/restart", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/containers/*/kill", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/containers/*/pause", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/containers/*/unpause", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/containers/*/wait", requirement: .role(.viewer)),
        // Operators: the same lifecycle for a whole compose project.
        Rule(method: .post, pattern: "/api/v1/engines/*/projects/*/start", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/projects/*/stop", requirement: .role(.operator)),
        Rule(method: .post, pattern: "/api/v1/engines/*/projects/*/restart", requirement: .role(.operator)),
        // Admins: the terminal, everything that creates or removes, users and the audit log.
        Rule(method: .get, pattern: "/api/v1/engines/*/containers/*/exec", requirement: .adjustable(.admin, lowered: .operator, when: .execForOperators)),
        Rule(method: .get, pattern: "/api/v1/users", requirement: .role(.admin)),
        Rule(method: nil, pattern: "/api/v1/users/**", requirement: .role(.admin)),
        Rule(method: .post, pattern: "/api/v1/users", requirement: .role(.admin)),
        Rule(method: .get, pattern: "/api/v1/audit", requirement: .role(.admin)),
        Rule(method: .get, pattern: "/api/v1/audit/**", requirement: .role(.admin)),
        Rule(method: .get, pattern: "/api/v1/settings", requirement: .role(.admin)),
        Rule(method: .put, pattern: "/api/v1/settings/*", requirement: .role(.admin)),
        // Everything else that reads is for viewers; everything else that writes is for admins.
        Rule(method: .get, pattern: "/api/v1/engines", requirement: .role(.viewer)),
        Rule(method: .get, pattern: "/api/v1/projects", requirement: .role(.viewer)),
        Rule(method: .get, pattern: "/api/v1/engines/**", requirement: .role(.viewer)),
        Rule(method: .post, pattern: "/api/v1/engines/**", requirement: .role(.admin)),
        Rule(method: .delete, pattern: "/api/v1/engines/**", requirement: .role(.admin)),
    ]

    /// The requirement of a request, nil when no rule covers it (refused).
    public static func requirement(method: HTTPRequest.Method, path: String) -> Requirement? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true)
        for rule in rules where rule.method == nil || rule.method == method {
            if matches(pattern: rule.pattern, segments: segments) { return rule.requirement }
        }
        return nil
    }

    static func matches(pattern: String, segments: [Substring]) -> Bool {
        let parts = pattern.split(separator: "/", omittingEmptySubsequences: true)
        for (index, part) in parts.enumerated() {
            if part == "**" { return segments.count > index }
            guard index < segments.count else { return false }
            if part != "*" && part != segments[index] { return false }
        }
        return parts.count == segments.count
    }
}
