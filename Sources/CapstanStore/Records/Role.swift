/// What a user may do. Roles are ordered by privilege, so a policy check is `user.role >= required`.
///
/// The raw values are what the database stores and what the API shows; never rename them without a migration.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    /// Sees everything: lists, inspect, logs, stats, events.
    case viewer
    /// A viewer who may also start, stop, restart, kill, pause and unpause containers.
    case `operator`
    /// An operator who may also remove, exec, manage images, volumes, networks, users, audit and settings.
    case admin

    /// Privilege rank: higher may do more. Kept explicit rather than derived from declaration order so that
    /// reordering the cases can never silently change who may do what.
    private var rank: Int {
        switch self {
        case .viewer: 0
        case .operator: 1
        case .admin: 2
        }
    }

    /// `true` when `lhs` has less privilege than `rhs`.
    public static func < (lhs: Role, rhs: Role) -> Bool {
        lhs.rank < rhs.rank
    }
}
