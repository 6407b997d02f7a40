/// One sample of `GET /containers/{id}/stats`, as the engine sends it (Linux; cgroup v1 or v2).
///
/// Everything is optional or defaults to 0 because the shapes vary: the zeroed sample of a stopped container has
/// `read` at Go's zero time, `memory_stats:{}`, `pids_stats:{}`, null blkio arrays and no `networks`; the first
/// sample of a stream has an empty `precpu_stats`; `--network none` removes `networks`; cgroup v2 has no
/// `max_usage` or `percpu_usage`. Turn it into figures with ``StatsCalculator``.
public struct StatsResponse: Sendable, Decodable {
    /// When the sample was taken; `nil` when the engine sent Go's zero time (the container is not running).
    public var read: DockerTimestamp?
    /// When the previous sample (`precpu_stats`) was taken; `nil` for the first sample of a stream or a one-shot.
    public var preread: DockerTimestamp?
    /// The container's name with its leading slash (`/facts-web`).
    public var name: String?
    /// The container's full id.
    public var id: String?
    /// Process counts.
    public var pidsStats: PidsStats?
    /// CPU counters now.
    public var cpuStats: CPUStats?
    /// CPU counters at `preread`, which the engine copies from its previous sample.
    public var precpuStats: CPUStats?
    /// Memory counters.
    public var memoryStats: MemoryStats?
    /// Network counters per interface (`eth0`); `nil` when the container has no network.
    public var networks: [String: NetworkStats]?
    /// Block I/O counters.
    public var blkioStats: BlkioStats?

    enum CodingKeys: String, CodingKey {
        case read
        case preread
        case name
        case id
        case pidsStats = "pids_stats"
        case cpuStats = "cpu_stats"
        case precpuStats = "precpu_stats"
        case memoryStats = "memory_stats"
        case networks
        case blkioStats = "blkio_stats"
    }

    /// Decodes the engine's JSON, mapping Go's zero time in `read` and `preread` to `nil`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.read = try container.decodeIfPresent(DockerTimestamp.self, forKey: .read).flatMap { $0.isZero ? nil : $0 }
        self.preread = try container.decodeIfPresent(DockerTimestamp.self, forKey: .preread).flatMap {
            $0.isZero ? nil : $0
        }
        self.name = try container.decodeIfPresent(String.self, forKey: .name)
        self.id = try container.decodeIfPresent(String.self, forKey: .id)
        self.pidsStats = try container.decodeIfPresent(PidsStats.self, forKey: .pidsStats)
        self.cpuStats = try container.decodeIfPresent(CPUStats.self, forKey: .cpuStats)
        self.precpuStats = try container.decodeIfPresent(CPUStats.self, forKey: .precpuStats)
        self.memoryStats = try container.decodeIfPresent(MemoryStats.self, forKey: .memoryStats)
        self.networks = try container.decodeIfPresent([String: NetworkStats].self, forKey: .networks)
        self.blkioStats = try container.decodeIfPresent(BlkioStats.self, forKey: .blkioStats)
    }

    /// `pids_stats`.
    public struct PidsStats: Sendable, Hashable, Decodable {
        /// Processes and threads in the container now; `nil` for a stopped container.
        public var current: UInt64?
        /// The pids limit, when one is set.
        public var limit: UInt64?
    }

    /// `cpu_stats` and `precpu_stats`.
    public struct CPUStats: Sendable, Hashable, Decodable {
        /// The container's CPU time.
        public var cpuUsage: CPUUsage
        /// The host's total CPU time in nanoseconds; missing in an empty `precpu_stats`.
        public var systemCpuUsage: UInt64?
        /// CPUs online on the host; missing in an empty `precpu_stats`, 0 on some old engines.
        public var onlineCpus: Int?

        enum CodingKeys: String, CodingKey {
            case cpuUsage = "cpu_usage"
            case systemCpuUsage = "system_cpu_usage"
            case onlineCpus = "online_cpus"
        }

        /// Decodes, taking a missing `cpu_usage` as all zeros.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.cpuUsage = try container.decodeIfPresent(CPUUsage.self, forKey: .cpuUsage) ?? CPUUsage()
            self.systemCpuUsage = try container.decodeIfPresent(UInt64.self, forKey: .systemCpuUsage)
            self.onlineCpus = try container.decodeIfPresent(Int.self, forKey: .onlineCpus)
        }
    }

    /// `cpu_usage`: cumulative CPU time in nanoseconds.
    public struct CPUUsage: Sendable, Hashable, Decodable {
        /// Total CPU time consumed by the container.
        public var totalUsage: UInt64 = 0
        /// CPU time per host CPU (cgroup v1 only).
        public var percpuUsage: [UInt64]?
        /// CPU time in kernel mode.
        public var usageInKernelmode: UInt64 = 0
        /// CPU time in user mode.
        public var usageInUsermode: UInt64 = 0

        enum CodingKeys: String, CodingKey {
            case totalUsage = "total_usage"
            case percpuUsage = "percpu_usage"
            case usageInKernelmode = "usage_in_kernelmode"
            case usageInUsermode = "usage_in_usermode"
        }

        init() {}

        /// Decodes, taking missing counters as 0.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.totalUsage = try container.decodeIfPresent(UInt64.self, forKey: .totalUsage) ?? 0
            self.percpuUsage = try container.decodeIfPresent([UInt64].self, forKey: .percpuUsage)
            self.usageInKernelmode = try container.decodeIfPresent(UInt64.self, forKey: .usageInKernelmode) ?? 0
            self.usageInUsermode = try container.decodeIfPresent(UInt64.self, forKey: .usageInUsermode) ?? 0
        }
    }

    /// `memory_stats`; empty for a stopped container.
    public struct MemoryStats: Sendable, Hashable, Decodable {
        /// Memory charged to the cgroup, page cache included.
        public var usage: UInt64?
        /// The highest `usage` seen (cgroup v1 only).
        public var maxUsage: UInt64?
        /// The memory limit, or the host's RAM when none is set.
        public var limit: UInt64?
        /// The cgroup's `memory.stat` (v1: `total_inactive_file`, `cache`...; v2: `inactive_file`, `anon`...).
        public var stats: [String: UInt64]?

        enum CodingKeys: String, CodingKey {
            case usage
            case maxUsage = "max_usage"
            case limit
            case stats
        }
    }

    /// One entry of `networks`, cumulative since the interface appeared.
    public struct NetworkStats: Sendable, Hashable, Decodable {
        /// Bytes received.
        public var rxBytes: UInt64 = 0
        /// Packets received.
        public var rxPackets: UInt64 = 0
        /// Receive errors.
        public var rxErrors: UInt64 = 0
        /// Received packets dropped.
        public var rxDropped: UInt64 = 0
        /// Bytes sent.
        public var txBytes: UInt64 = 0
        /// Packets sent.
        public var txPackets: UInt64 = 0
        /// Send errors.
        public var txErrors: UInt64 = 0
        /// Sent packets dropped.
        public var txDropped: UInt64 = 0

        enum CodingKeys: String, CodingKey {
            case rxBytes = "rx_bytes"
            case rxPackets = "rx_packets"
            case rxErrors = "rx_errors"
            case rxDropped = "rx_dropped"
            case txBytes = "tx_bytes"
            case txPackets = "tx_packets"
            case txErrors = "tx_errors"
            case txDropped = "tx_dropped"
        }

        /// Decodes, taking missing counters as 0.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            self.rxBytes = try container.decodeIfPresent(UInt64.self, forKey: .rxBytes) ?? 0
            self.rxPackets = try container.decodeIfPresent(UInt64.self, forKey: .rxPackets) ?? 0
            self.rxErrors = try container.decodeIfPresent(UInt64.self, forKey: .rxErrors) ?? 0
            self.rxDropped = try container.decodeIfPresent(UInt64.self, forKey: .rxDropped) ?? 0
            self.txBytes = try container.decodeIfPresent(UInt64.self, forKey: .txBytes) ?? 0
            self.txPackets = try container.decodeIfPresent(UInt64.self, forKey: .txPackets) ?? 0
            self.txErrors = try container.decodeIfPresent(UInt64.self, forKey: .txErrors) ?? 0
            self.txDropped = try container.decodeIfPresent(UInt64.self, forKey: .txDropped) ?? 0
        }
    }

    /// `blkio_stats`; the arrays are `null` for a stopped container and often `[]` (throttle counters at 0).
    public struct BlkioStats: Sendable, Hashable, Decodable {
        /// Bytes transferred per device and operation (`Read`, `Write`, `Sync`, `Async`, `Discard`, `Total`).
        public var ioServiceBytesRecursive: [BlkioEntry]?

        enum CodingKeys: String, CodingKey {
            case ioServiceBytesRecursive = "io_service_bytes_recursive"
        }
    }

    /// One entry of a blkio array.
    public struct BlkioEntry: Sendable, Hashable, Decodable {
        /// The device's major number.
        public var major: UInt64
        /// The device's minor number.
        public var minor: UInt64
        /// The operation, e.g. `Read` or `write` (the case varies between cgroup v1 and v2).
        public var op: String
        /// The counter's value.
        public var value: UInt64
    }
}
