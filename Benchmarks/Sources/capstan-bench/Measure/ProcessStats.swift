#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// CPU time and resident memory of a process, read from `/proc` (Linux).
struct ProcessStats {
    /// User + system CPU time in seconds.
    var cpuSeconds: Double
    /// Resident set size in bytes (`VmRSS`).
    var residentBytes: Int64

    /// Reads the figures of `pid`; nil when the process is gone.
    static func read(pid: Int32) -> ProcessStats? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        else { return nil }
        // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is index 0, so utime (field 14) is index 11 and stime (field 15) index 12.
        guard fields.count > 12, let utime = Double(fields[11]), let stime = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        var rss: Int64 = 0
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let number = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first
            rss = (number.flatMap { Int64($0) } ?? 0) * 1024
        }
        return ProcessStats(cpuSeconds: (utime + stime) / ticks, residentBytes: rss)
    }

    /// This process's own CPU time in seconds (all threads), from `/proc/self/stat` like the server's.
    static func ownCPUSeconds() -> Double {
        read(pid: getpid())?.cpuSeconds ?? 0
    }
}
