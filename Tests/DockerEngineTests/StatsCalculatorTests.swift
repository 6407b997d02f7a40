import DockerEngine
import Foundation
import NIOCore
import Testing

@Suite struct StatsCalculatorTests {
    /// The sample from the facts sheet (facts-web, `stream=false`, cgroup v1), with the fields it did not list
    /// filled in the engine's shape; the named values can be changed per test.
    static func v1Sample(
        read: String = "2026-11-22T02:21:36.308733907Z",
        preread: String = "2026-11-22T02:21:35.304703166Z",
        totalUsage: UInt64 = 84_120_989,
        preTotalUsage: UInt64 = 83_147_926,
        systemUsage: UInt64 = 2_198_460_000_000,
        preSystemUsage: UInt64 = 2_196_450_000_000,
        onlineCPUs: Int = 2,
        usage: UInt64 = 897_024,
        totalInactiveFile: UInt64 = 0,
        rxBytes: UInt64 = 796,
        txBytes: UInt64 = 0,
        blkio: String = "[]"
    ) -> String {
        """
        {"read":"\(read)","preread":"\(preread)","pids_stats":{"current":2},\
        "blkio_stats":{"io_service_bytes_recursive":\(blkio),"io_serviced_recursive":[],"io_queue_recursive":[],\
        "io_service_time_recursive":[],"io_wait_time_recursive":[],"io_merged_recursive":[],"io_time_recursive":[],\
        "sectors_recursive":[]},"num_procs":0,"storage_stats":{},\
        "cpu_stats":{"cpu_usage":{"total_usage":\(totalUsage),"percpu_usage":[41000000,\(totalUsage - 41_000_000)],\
        "usage_in_kernelmode":20000000,"usage_in_usermode":50000000},"system_cpu_usage":\(systemUsage),\
        "online_cpus":\(onlineCPUs),"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},\
        "precpu_stats":{"cpu_usage":{"total_usage":\(preTotalUsage),\
        "percpu_usage":[41000000,\(preTotalUsage - 41_000_000)],\
        "usage_in_kernelmode":20000000,"usage_in_usermode":50000000},"system_cpu_usage":\(preSystemUsage),\
        "online_cpus":\(onlineCPUs),"throttling_data":{"periods":0,"throttled_periods":0,"throttled_time":0}},\
        "memory_stats":{"usage":\(usage),"max_usage":4608000,"stats":{"active_anon":90112,"active_file":0,\
        "cache":0,"inactive_file":0,"rss":135168,"total_cache":0,"total_inactive_file":\(totalInactiveFile),\
        "total_rss":135168},"limit":25276063744},"name":"/facts-web",\
        "id":"4b1f3c9e8a7d","networks":{"eth0":{"rx_bytes":\(rxBytes),"rx_packets":10,"rx_errors":0,\
        "rx_dropped":0,"tx_bytes":\(txBytes),"tx_packets":0,"tx_errors":0,"tx_dropped":0}}}
        """
    }

    /// The zeroed document a stopped container gives, exactly as the engine sends it.
    static let stopped = """
        {"read":"0001-01-01T00:00:00Z","preread":"0001-01-01T00:00:00Z","pids_stats":{},"blkio_stats":\
        {"io_service_bytes_recursive":null,"io_serviced_recursive":null,"io_queue_recursive":null,\
        "io_service_time_recursive":null,"io_wait_time_recursive":null,"io_merged_recursive":null,\
        "io_time_recursive":null,"sectors_recursive":null},"num_procs":0,"storage_stats":{},"cpu_stats":\
        {"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":\
        {"periods":0,"throttled_periods":0,"throttled_time":0}},"precpu_stats":{"cpu_usage":{"total_usage":0,\
        "usage_in_kernelmode":0,"usage_in_usermode":0},"throttling_data":{"periods":0,"throttled_periods":0,\
        "throttled_time":0}},"memory_stats":{},"name":"/x","id":"abc"}
        """

    func response(_ json: String) throws -> StatsResponse {
        try StatsCalculator.decode(ByteBuffer(string: json))
    }

    func sample(_ json: String) throws -> StatsSample {
        var calculator = StatsCalculator()
        return calculator.sample(from: try response(json))
    }

    @Test func computesTheRealSampleLikeTheDockerCLI() throws {
        let decoded = try response(Self.v1Sample())
        #expect(decoded.name == "/facts-web")
        #expect(decoded.preread == DockerTimestamp(rfc3339: "2026-11-22T02:21:35.304703166Z"))
        #expect(decoded.cpuStats?.cpuUsage.percpuUsage?.count == 2)

        let figures = try sample(Self.v1Sample())
        #expect(figures.running)
        #expect(figures.read == DockerTimestamp(rfc3339: "2026-11-22T02:21:36.308733907Z"))
        // cpuDelta 973063 / sysDelta 2010000000 * 2 CPUs * 100.
        #expect(abs(figures.cpuPercent - 0.096_822_189_05) < 1e-9)
        #expect((figures.cpuPercent * 1000).rounded() / 1000 == 0.097)
        #expect(figures.onlineCPUs == 2)
        #expect(figures.memoryUsage == 897_024)
        #expect(figures.memoryLimit == 25_276_063_744)
        #expect(abs(figures.memoryPercent - 0.003_548_907) < 1e-8)
        #expect(figures.networkRxBytes == 796)
        #expect(figures.networkTxBytes == 0)
        #expect(figures.blockReadBytes == 0)
        #expect(figures.blockWriteBytes == 0)
        #expect(figures.pids == 2)
        #expect(figures.networkRxRate == 0)  // First sample this calculator saw.
    }

    @Test func subtractsInactivePageCacheOnCgroupV1() throws {
        let figures = try sample(Self.v1Sample(usage: 22_155_264, totalInactiveFile: 86_016))
        #expect(figures.memoryUsage == 22_069_248)  // 21.05 MiB, not the 19.03-era usage - cache.
    }

    @Test func subtractsInactiveFileOnCgroupV2() throws {
        let v2 = """
            {"read":"2026-11-22T02:21:36.308733907Z","preread":"2026-11-22T02:21:35.304703166Z",\
            "pids_stats":{"current":3,"limit":4915},"blkio_stats":{"io_service_bytes_recursive":\
            [{"major":254,"minor":0,"op":"read","value":4096},{"major":254,"minor":0,"op":"write","value":8192}]},\
            "cpu_stats":{"cpu_usage":{"total_usage":1500000,"usage_in_kernelmode":500000,"usage_in_usermode":1000000},\
            "system_cpu_usage":4000000000,"online_cpus":4},"precpu_stats":{"cpu_usage":{"total_usage":1000000,\
            "usage_in_kernelmode":300000,"usage_in_usermode":700000},"system_cpu_usage":3000000000,"online_cpus":4},\
            "memory_stats":{"usage":10485760,"stats":{"anon":4194304,"file":6291456,"inactive_file":2097152,\
            "active_file":4194304},"limit":1073741824},"name":"/v2","id":"def"}
            """
        let figures = try sample(v2)
        #expect(figures.memoryUsage == 10_485_760 - 2_097_152)
        #expect(figures.memoryLimit == 1_073_741_824)
        #expect(abs(figures.cpuPercent - 0.2) < 1e-12)  // 500000 / 1e9 * 4 * 100
        #expect(figures.blockReadBytes == 4096)
        #expect(figures.blockWriteBytes == 8192)
        #expect(figures.pids == 3)
        #expect(figures.networkRxBytes == 0)  // No networks key at all.
    }

    @Test func keepsUsageWhenInactiveIsNotBelowIt() throws {
        let figures = try sample(Self.v1Sample(usage: 4096, totalInactiveFile: 8192))
        #expect(figures.memoryUsage == 4096)
    }

    @Test func fallsBackToThePerCPUCountWhenOnlineCPUsIsZero() throws {
        var json = Self.v1Sample(onlineCPUs: 0)
        json = json.replacingOccurrences(of: "\"percpu_usage\":[41000000,", with: "\"percpu_usage\":[1,2,3,41000000,")
        let figures = try sample(json)
        #expect(figures.onlineCPUs == 5)
        #expect(abs(figures.cpuPercent - 973_063.0 / 2_010_000_000.0 * 5 * 100) < 1e-12)
    }

    @Test func givesNoCPUFigureForTheFirstSampleOfAStream() throws {
        // The first sample has an empty precpu: total_usage 0, no system_cpu_usage, no online_cpus.
        var json = Self.v1Sample(preread: "0001-01-01T00:00:00Z", preTotalUsage: 41_000_000)
        json = json.replacingOccurrences(of: "\"system_cpu_usage\":2196450000000,", with: "")
        let decoded = try response(json)
        #expect(decoded.preread == nil)
        #expect(decoded.precpuStats?.systemCpuUsage == nil)
        let figures = try sample(json)
        #expect(figures.cpuPercent == 0)
        #expect(figures.running)
        #expect(figures.memoryUsage == 897_024)
    }

    @Test func givesNoCPUFigureWhenACounterDidNotMove() throws {
        #expect(try sample(Self.v1Sample(preTotalUsage: 84_120_989)).cpuPercent == 0)
        #expect(try sample(Self.v1Sample(preSystemUsage: 2_198_460_000_000)).cpuPercent == 0)
        #expect(try sample(Self.v1Sample(preTotalUsage: 90_000_000)).cpuPercent == 0)
        // A precpu whose system counter is 0 is as empty as one without it.
        #expect(try sample(Self.v1Sample(preTotalUsage: 41_000_000, preSystemUsage: 0)).cpuPercent == 0)
    }

    @Test func aStoppedContainersZeroedSampleIsNotRunning() throws {
        let decoded = try response(Self.stopped)
        #expect(decoded.read == nil)
        #expect(decoded.id == "abc")
        #expect(decoded.blkioStats?.ioServiceBytesRecursive == nil)
        #expect(decoded.networks == nil)
        #expect(decoded.memoryStats?.usage == nil)
        #expect(decoded.pidsStats?.current == nil)

        var calculator = StatsCalculator()
        _ = calculator.sample(from: try response(Self.v1Sample()))
        let figures = calculator.sample(from: decoded)
        #expect(figures == StatsSample())
        #expect(!figures.running)
        #expect(figures.read == nil)

        // The zeroed sample resets the history: the next real one has no rates even though time has passed.
        let restarted = calculator.sample(
            from: try response(Self.v1Sample(read: "2026-11-22T02:21:40.000000000Z", rxBytes: 100_000))
        )
        #expect(restarted.running)
        #expect(restarted.networkRxRate == 0)
    }

    @Test func computesRatesOverTwoSamples() throws {
        func entry(_ minor: Int, _ op: String, _ value: Int) -> String {
            #"{"major":8,"minor":\#(minor),"op":"\#(op)","value":\#(value)}"#
        }
        // Sync and Total must not count; the lower-case `read` (cgroup v2) must.
        let blkio1 =
            "["
            + [entry(0, "Read", 1000), entry(0, "Write", 2000), entry(0, "Sync", 3000), entry(0, "Total", 3000)]
            .joined(separator: ",") + "]"
        let blkio2 =
            "["
            + [entry(0, "Read", 1000), entry(16, "read", 2006), entry(0, "Write", 7015), entry(0, "Total", 10018)]
            .joined(separator: ",") + "]"
        var calculator = StatsCalculator()
        let first = calculator.sample(
            from: try response(
                Self.v1Sample(read: "2026-11-22T02:21:48.903000000Z", rxBytes: 796, txBytes: 100, blkio: blkio1)
            )
        )
        #expect(first.networkRxRate == 0)
        #expect(first.blockReadBytes == 1000)
        #expect(first.blockWriteBytes == 2000)

        let second = calculator.sample(
            from: try response(
                Self.v1Sample(
                    read: "2026-11-22T02:21:49.906000000Z",
                    rxBytes: 796 + 10_030,
                    txBytes: 100 + 2006,
                    blkio: blkio2
                )
            )
        )
        #expect(abs(second.networkRxRate - 10_000) < 1e-6)  // 10030 bytes over 1.003 s
        #expect(abs(second.networkTxRate - 2000) < 1e-6)
        #expect(second.blockReadBytes == 3006)
        #expect(second.blockWriteBytes == 7015)
        #expect(abs(second.blockReadRate - 2000) < 1e-6)
        #expect(abs(second.blockWriteRate - 5000) < 1e-6)
    }

    @Test func sumsEveryNetworkInterface() throws {
        var json = Self.v1Sample(rxBytes: 796, txBytes: 10)
        json = json.replacingOccurrences(
            of: "\"networks\":{",
            with: #""networks":{"eth1":{"rx_bytes":1000,"tx_bytes":20,"rx_packets":1,"tx_packets":1},"#
        )
        let figures = try sample(json)
        #expect(figures.networkRxBytes == 1796)
        #expect(figures.networkTxBytes == 30)
    }

    @Test func aCounterThatWentBackwardsGivesNoRate() throws {
        var calculator = StatsCalculator()
        _ = calculator.sample(
            from: try response(Self.v1Sample(read: "2026-11-22T02:21:48Z", rxBytes: 50_000, txBytes: 1000))
        )
        let after = calculator.sample(
            from: try response(Self.v1Sample(read: "2026-11-22T02:21:50Z", rxBytes: 300, txBytes: 5000))
        )
        #expect(after.networkRxRate == 0)
        #expect(after.networkRxBytes == 300)
        #expect(abs(after.networkTxRate - 2000) < 1e-9)  // The other counter still has a rate.
    }

    @Test func noTimeElapsedGivesNoRate() throws {
        var calculator = StatsCalculator()
        _ = calculator.sample(from: try response(Self.v1Sample(rxBytes: 100)))
        let same = calculator.sample(from: try response(Self.v1Sample(rxBytes: 200)))
        #expect(same.networkRxRate == 0)
        let earlier = calculator.sample(from: try response(Self.v1Sample(read: "2026-11-22T02:20:00Z", rxBytes: 300)))
        #expect(earlier.networkRxRate == 0)
    }

    @Test func toleratesNullAndEmptyBlkioAndMissingNetworks() throws {
        let empty = try sample(Self.v1Sample(blkio: "[]"))
        let null = try sample(Self.v1Sample(blkio: "null"))
        #expect(empty.blockReadBytes == 0 && empty.blockWriteBytes == 0)
        #expect(null.blockReadBytes == 0 && null.blockWriteBytes == 0)
        let networks =
            #","networks":{"eth0":{"rx_bytes":796,"rx_packets":10,"rx_errors":0,"rx_dropped":0,"#
            + #""tx_bytes":0,"tx_packets":0,"tx_errors":0,"tx_dropped":0}}"#
        let noNetwork = Self.v1Sample().replacingOccurrences(of: networks, with: "")
        #expect(noNetwork != Self.v1Sample())
        let figures = try sample(noNetwork)
        #expect(figures.networkRxBytes == 0)
        #expect(figures.memoryUsage == 897_024)
    }

    @Test func reportsInvalidJSONWithThePathOfTheBadField() throws {
        let wrongType = Self.v1Sample().replacingOccurrences(
            of: "\"total_usage\":84120989",
            with: "\"total_usage\":\"lots\""
        )
        let error = #expect(throws: DockerStreamError.invalidJSON) { try response(wrongType) }
        #expect(error?.message.contains("cpu_stats.cpu_usage.total_usage") == true)
        #expect(throws: DockerStreamError.invalidJSON) { try response("{\"read\":") }
        #expect(throws: DockerStreamError.invalidJSON) { try response("{\"read\":\"not a time\"}") }
    }

    @Test func samplesCodeAsJSON() throws {
        let figures = try sample(Self.v1Sample())
        let data = try JSONEncoder().encode(figures)
        #expect(try JSONDecoder().decode(StatsSample.self, from: data) == figures)
    }
}
