/// The state a container's last event set, and the state it replaced, until the engine's list agrees.
///
/// The engine updates its list a moment after it emits an event, so a refresh can still show the state
/// from before the event; ``before`` tells such a stale row from the engine's newer word.
struct EventState: Sendable {
    /// The state the event set (`exited` for a `die`).
    var state: String
    /// The state the row had before the event, if the container was known.
    var before: String?
    /// Refreshes that came back still showing ``before``.
    var attempts = 0
}
