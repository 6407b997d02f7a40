/// Sizes, limits and timings of the live path, with the defaults the design names.
public struct HubConfiguration: Sendable {
    /// Recent log lines kept per container.
    public var logRingCapacity: Int = 1000
    /// Stats samples kept per container.
    public var statsHistoryCapacity: Int = 300
    /// Container-list changes kept per engine for resuming.
    public var changeRingCapacity: Int = 5000
    /// Viewers allowed per container.
    public var maxViewersPerContainer: Int = 50
    /// How long a log tail outlives its last viewer.
    public var logGrace: Duration = .seconds(2)
    /// How long a stats stream outlives its last viewer.
    public var statsGrace: Duration = .seconds(10)
    /// First wait before reconnecting to an engine.
    public var initialBackoff: Duration = .milliseconds(250)
    /// Longest wait between reconnects.
    public var maximumBackoff: Duration = .seconds(15)
    /// How long a subscription made right after start waits for the engine's first list; past it (the
    /// engine is down or slow) it is answered with what is known, and the engine's status says why.
    public var firstListWait: Duration = .seconds(5)
    /// The most history lines a viewer may ask for (older than the ring: fetched from the engine).
    public var maxHistoryLines: Int = 100_000

    /// How long live log lines of a container are gathered before they go out as one batch, so a
    /// burst is a few frames rather than one per line; zero sends each read from the engine at once.
    public var logBatchWindow: Duration = .milliseconds(5)
    /// A batch goes out before its window ends once it holds this many lines…
    public var logBatchMaxLines: Int = 2000
    /// …or this many bytes of text.
    public var logBatchMaxBytes: Int = 256 * 1024

    /// How long the read of the engine's list after an event waits for more events, so a burst is one
    /// read. The change an event makes goes out at once; this read only fills in what the event does not
    /// carry (status text, start time, restart count). Waiting also keeps the read, and the engine's work
    /// to answer it, out of the milliseconds in which that change is written to every client (the
    /// `state` benchmark: a quarter less server CPU, latency unchanged), and gives the engine time to
    /// update its list, which it does a moment after the event.
    public var refreshDelay: Duration = .milliseconds(25)

    /// The defaults.
    public init() {}
}
