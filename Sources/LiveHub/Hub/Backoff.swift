/// The pause between attempts against an engine that keeps failing: it doubles from
/// ``HubConfiguration/initialBackoff`` up to ``HubConfiguration/maximumBackoff``, and a success starts
/// it over. Shared by every loop that reconnects or reads again (engine events, the list refresh,
/// resource events).
struct Backoff: Sendable {
    private let initial: Duration
    private let maximum: Duration
    /// The pause the next failure waits.
    private(set) var current: Duration

    /// A backoff with the configuration's first and longest pause.
    init(_ configuration: HubConfiguration) {
        initial = configuration.initialBackoff
        maximum = configuration.maximumBackoff
        current = initial
    }

    /// After a success: the next failure waits the first pause again.
    mutating func reset() { current = initial }

    /// The pause to wait now; the one after it is twice as long, up to the maximum.
    mutating func next() -> Duration {
        defer { current = min(current * 2, maximum) }
        return current
    }

    /// Waits the pause ``next()`` gives (cancellation ends it early).
    mutating func wait() async {
        let pause = next()
        try? await Task.sleep(for: pause)
    }
}
