/// Whether a lifecycle action changed anything.
///
/// The engine answers 304 to a start of a running container or a stop of a stopped one: not an
/// error, just nothing to do.
public enum ActionOutcome: String, Sendable, Hashable, Codable {
    /// The action took effect.
    case done
    /// The object already was in the requested state (the engine answered 304).
    case unchanged
}
