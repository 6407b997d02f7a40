import NIOCore

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Turns a container's stream of ``StatsResponse``s into ``StatsSample``s, with the docker CLI's formulas
/// (docker/cli `cli/command/container/stats_helpers.go`) and rates against the previous sample.
///
/// Use one calculator per container stream. CPU % needs no history (the engine sends `precpu_stats`), but the
/// network and block I/O rates come from the previous sample this calculator saw, so they are 0 for the first
/// sample, after a stopped (zeroed) sample, when a counter went backwards (the container restarted), when no
/// time passed, or when the container id changed.
public struct StatsCalculator: Sendable {
    private struct Counters: Sendable {
        var id: String?
        var read: DockerTimestamp
        var networkRx: UInt64
        var networkTx: UInt64
        var blockRead: UInt64
        var blockWrite: UInt64
    }

    private var previous: Counters?

    /// Creates a calculator with no previous sample.
    public init() {}

    /// Computes the figures of `response` and remembers its counters for the next rates.
    public mutating func sample(from response: StatsResponse) -> StatsSample {
        // The engine sends Go's zero time as `read` for a container that is not running (and keeps doing so
        // every second on a stream until it starts again).
        guard let read = response.read else {
            self.previous = nil
            return StatsSample()
        }

        let cpu = response.cpuStats?.cpuUsage ?? StatsResponse.CPUUsage()
        var onlineCPUs = response.cpuStats?.onlineCpus ?? 0
        if onlineCPUs <= 0 { onlineCPUs = cpu.percpuUsage?.count ?? 0 }

        let memory = response.memoryStats
        let memoryUsage = Self.memoryUsed(memory)
        let memoryLimit = memory?.limit ?? 0

        var networkRx: UInt64 = 0
        var networkTx: UInt64 = 0
        for interface in (response.networks ?? [:]).values {
            networkRx &+= interface.rxBytes
            networkTx &+= interface.txBytes
        }

        var blockRead: UInt64 = 0
        var blockWrite: UInt64 = 0
        for entry in response.blkioStats?.ioServiceBytesRecursive ?? [] {
            switch entry.op.first {
            case "r", "R": blockRead &+= entry.value
            case "w", "W": blockWrite &+= entry.value
            default: break
            }
        }

        let current = Counters(
            id: response.id,
            read: read,
            networkRx: networkRx,
            networkTx: networkTx,
            blockRead: blockRead,
            blockWrite: blockWrite
        )
        var elapsed = 0.0
        if let previous = self.previous, previous.id == current.id || previous.id == nil || current.id == nil {
            elapsed = Double(read.nanosecondsSinceEpoch - previous.read.nanosecondsSinceEpoch) / 1e9
        }
        let previous = self.previous
        self.previous = current

        func rate(_ counter: KeyPath<Counters, UInt64>) -> Double {
            guard elapsed > 0, let previous, current[keyPath: counter] >= previous[keyPath: counter] else { return 0 }
            return Double(current[keyPath: counter] - previous[keyPath: counter]) / elapsed
        }

        return StatsSample(
            read: read,
            running: true,
            cpuPercent: Self.cpuPercent(response, onlineCPUs: onlineCPUs),
            onlineCPUs: onlineCPUs,
            memoryUsage: memoryUsage,
            memoryLimit: memoryLimit,
            memoryPercent: memoryLimit > 0 ? Double(memoryUsage) / Double(memoryLimit) * 100 : 0,
            networkRxBytes: networkRx,
            networkTxBytes: networkTx,
            networkRxRate: rate(\.networkRx),
            networkTxRate: rate(\.networkTx),
            blockReadBytes: blockRead,
            blockWriteBytes: blockWrite,
            blockReadRate: rate(\.blockRead),
            blockWriteRate: rate(\.blockWrite),
            pids: response.pidsStats?.current ?? 0
        )
    }

    /// Decodes one stats document (one line of a stats stream, or a `stream=false` body).
    ///
    /// Throws ``DockerStreamError/invalidJSON`` with the decoder's explanation and the path of the bad field.
    public static func decode(_ buffer: ByteBuffer) throws -> StatsResponse {
        let data = buffer.withUnsafeReadableBytes { Data($0) }
        do {
            return try JSONDecoder().decode(StatsResponse.self, from: data)
        } catch let error as DecodingError {
            throw DockerStreamError.invalidJSON.with(message: "stats: \(Self.describe(error))")
        } catch {
            throw DockerStreamError.invalidJSON.with(message: "stats: \(error)")
        }
    }

    /// `(cpuDelta / systemDelta) * onlineCPUs * 100`, 0 unless both deltas are positive.
    static func cpuPercent(_ response: StatsResponse, onlineCPUs: Int) -> Double {
        guard let now = response.cpuStats, let before = response.precpuStats,
            let system = now.systemCpuUsage, let systemBefore = before.systemCpuUsage,
            systemBefore > 0  // An empty precpu (first sample, one-shot) would otherwise give a meaningless figure.
        else { return 0 }
        // Differences in Double as the CLI does, so a counter that went backwards is negative, not a trap.
        let cpuDelta = Double(now.cpuUsage.totalUsage) - Double(before.cpuUsage.totalUsage)
        let systemDelta = Double(system) - Double(systemBefore)
        guard cpuDelta > 0, systemDelta > 0 else { return 0 }
        return cpuDelta / systemDelta * Double(onlineCPUs) * 100
    }

    /// Usage less inactive page cache, as the current docker CLI computes it (19.03 and older subtracted
    /// `cache` instead, which shows far less for a container with a warm page cache).
    static func memoryUsed(_ memory: StatsResponse.MemoryStats?) -> UInt64 {
        guard let usage = memory?.usage else { return 0 }
        let stats = memory?.stats ?? [:]
        if let inactive = stats["total_inactive_file"], inactive < usage { return usage - inactive }  // cgroup v1
        if let inactive = stats["inactive_file"], inactive < usage { return usage - inactive }  // cgroup v2
        return usage
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "the document" : path
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(path(context)): \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing key \(key.stringValue)"
        @unknown default:
            return "\(error)"
        }
    }
}
