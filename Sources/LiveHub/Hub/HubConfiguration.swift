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
    /// The most history lines a viewer may ask for (older than the ring: fetched from the engine).
    public var maxHistoryLines: Int = 100_000

    /// The defaults.
    public init() {}
}
