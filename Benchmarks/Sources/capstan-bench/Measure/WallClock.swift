#if canImport(Glibc)
import Glibc
#endif

/// Wall-clock time in nanoseconds since the epoch (`CLOCK_REALTIME`).
///
/// The engine stamps events and log lines with the same host clock, so on one machine a
/// difference with it is a latency (this is why the suite runs on loopback only).
enum WallClock {
    /// Now, in nanoseconds since the epoch.
    @inline(__always)
    static func nanos() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// Monotonic time in nanoseconds, for durations.
    @inline(__always)
    static func monotonic() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// CPU time of the calling thread in nanoseconds (`CLOCK_THREAD_CPUTIME_ID`).
    @inline(__always)
    static func threadCPU() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
