/// A container's resource figures at one instant, computed by ``StatsCalculator`` the way the docker CLI does.
///
/// Byte counts are cumulative since the container started; rates are per second over the time since the
/// previous sample. A stopped container gives `running == false` with every figure 0.
public struct StatsSample: Sendable, Hashable, Codable {
    /// When the engine took the sample; `nil` when the container is not running.
    public var read: DockerTimestamp?
    /// Whether the container was running (the engine sent a real sample, not the zeroed one).
    public var running: Bool
    /// CPU use in percent of one CPU, so up to `onlineCPUs * 100`; 0 without a previous sample to compare with.
    public var cpuPercent: Double
    /// CPUs online on the host.
    public var onlineCPUs: Int
    /// Memory used, as `docker stats` shows it: usage less inactive page cache (`total_inactive_file` on cgroup
    /// v1, `inactive_file` on v2).
    public var memoryUsage: UInt64
    /// The memory limit, or the host's RAM when none is set.
    public var memoryLimit: UInt64
    /// `memoryUsage` in percent of `memoryLimit`; 0 when the limit is 0.
    public var memoryPercent: Double
    /// Bytes received, over all interfaces.
    public var networkRxBytes: UInt64
    /// Bytes sent, over all interfaces.
    public var networkTxBytes: UInt64
    /// Bytes received per second since the previous sample.
    public var networkRxRate: Double
    /// Bytes sent per second since the previous sample.
    public var networkTxRate: Double
    /// Bytes read from block devices.
    public var blockReadBytes: UInt64
    /// Bytes written to block devices.
    public var blockWriteBytes: UInt64
    /// Bytes read per second since the previous sample.
    public var blockReadRate: Double
    /// Bytes written per second since the previous sample.
    public var blockWriteRate: Double
    /// Processes and threads in the container.
    public var pids: UInt64

    /// Creates a sample; every figure defaults to 0, so `StatsSample()` is the "not running" sample.
    public init(
        read: DockerTimestamp? = nil,
        running: Bool = false,
        cpuPercent: Double = 0,
        onlineCPUs: Int = 0,
        memoryUsage: UInt64 = 0,
        memoryLimit: UInt64 = 0,
        memoryPercent: Double = 0,
        networkRxBytes: UInt64 = 0,
        networkTxBytes: UInt64 = 0,
        networkRxRate: Double = 0,
        networkTxRate: Double = 0,
        blockReadBytes: UInt64 = 0,
        blockWriteBytes: UInt64 = 0,
        blockReadRate: Double = 0,
        blockWriteRate: Double = 0,
        pids: UInt64 = 0
    ) {
        self.read = read
        self.running = running
        self.cpuPercent = cpuPercent
        self.onlineCPUs = onlineCPUs
        self.memoryUsage = memoryUsage
        self.memoryLimit = memoryLimit
        self.memoryPercent = memoryPercent
        self.networkRxBytes = networkRxBytes
        self.networkTxBytes = networkTxBytes
        self.networkRxRate = networkRxRate
        self.networkTxRate = networkTxRate
        self.blockReadBytes = blockReadBytes
        self.blockWriteBytes = blockWriteBytes
        self.blockReadRate = blockReadRate
        self.blockWriteRate = blockWriteRate
        self.pids = pids
    }
}
