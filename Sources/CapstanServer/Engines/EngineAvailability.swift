/// Whether an engine can be reached, as last observed.
public enum EngineAvailability: Sendable, Hashable {
    /// Not contacted yet.
    case unknown
    /// The last contact succeeded.
    case up
    /// The last contact failed, with the reason.
    case down(String)

    /// `unknown`, `up` or `down`.
    public var name: String {
        switch self {
        case .unknown: "unknown"
        case .up: "up"
        case .down: "down"
        }
    }
}
