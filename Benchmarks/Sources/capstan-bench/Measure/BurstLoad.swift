#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The load generator's own CPU while the arrivals of a fan-out last (its first arrival to its last),
/// as a share of its event-loop threads.
///
/// Over a whole run, bursts a few milliseconds long vanish in the idle time between them: a generator
/// busy for all of every burst would still look idle, and its figures would silently measure itself.
/// Only the two ends of each burst read the clocks (the process CPU clock is a system call).
final class BurstLoad: Sendable {
    private struct Burst {
        var count = 0
        var firstWall: Int64 = 0
        var firstCPU: Int64 = 0
        var lastWall: Int64 = 0
        var lastCPU: Int64 = 0
    }

    private enum Position { case first, last, other }

    private let bursts: Mutex<[Burst]>
    private let expected = Atomic<Int>(0)

    /// Room for `count` bursts (phases or fan-outs), numbered from 0.
    init(count: Int) {
        bursts = Mutex([Burst](repeating: Burst(), count: max(count, 0)))
    }

    /// How many arrivals make a burst complete (the accepted clients); set before the first burst.
    func expect(_ arrivals: Int) { expected.store(arrivals, ordering: .releasing) }

    /// One more arrival of burst `index` (call once per client and burst).
    func arrived(burst index: Int) {
        let expected = expected.load(ordering: .acquiring)
        let position = bursts.withLock { bursts -> Position in
            guard bursts.indices.contains(index) else { return .other }
            bursts[index].count += 1
            if bursts[index].count == 1 { return .first }
            return bursts[index].count == expected ? .last : .other
        }
        guard position != .other else { return }
        let wall = WallClock.monotonic()
        let cpu = Self.processCPU()
        bursts.withLock { bursts in
            if position == .first {
                bursts[index].firstWall = wall
                bursts[index].firstCPU = cpu
            } else {
                bursts[index].lastWall = wall
                bursts[index].lastCPU = cpu
            }
        }
    }

    /// CPU over wall time summed over the complete bursts, per thread; nil when none completed.
    func fraction(threads: Int) -> Double? {
        let expected = expected.load(ordering: .acquiring)
        let (cpu, wall) = bursts.withLock { bursts -> (Int64, Int64) in
            var cpu: Int64 = 0
            var wall: Int64 = 0
            for burst in bursts where expected > 1 && burst.count == expected && burst.lastWall > burst.firstWall {
                cpu += burst.lastCPU - burst.firstCPU
                wall += burst.lastWall - burst.firstWall
            }
            return (cpu, wall)
        }
        guard wall > 0 else { return nil }
        return Double(cpu) / Double(wall) / Double(max(threads, 1))
    }

    private static func processCPU() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
