/// A setting an admin may change while the server runs (`GET/PUT /api/v1/settings`).
///
/// Every setting is a yes/no switch with a safe default; the store keeps only those that differ from it.
public enum ServerSetting: String, CaseIterable, Sendable, Hashable {
    /// Whether anyone may open a terminal in a container.
    case execEnabled = "exec.enabled"
    /// Whether operators (not only admins) may open a terminal.
    case execForOperators = "exec.operators"

    /// The value when nobody changed it.
    public var defaultValue: Bool {
        switch self {
        case .execEnabled: true
        case .execForOperators: false
        }
    }

    /// What the setting does, for people.
    public var summary: String {
        switch self {
        case .execEnabled: "Terminals in containers are available (to admins, and to operators when exec.operators is on)."
        case .execForOperators: "Operators may open a terminal in a container, not only admins. A terminal is root in the container."
        }
    }

    /// The key in the store's settings table (prefixed, so these never collide with internal keys such as the signing key).
    var storeKey: String { "setting." + rawValue }
}
