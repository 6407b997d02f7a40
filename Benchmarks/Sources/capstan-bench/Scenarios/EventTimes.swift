import Synchronization

/// The engine's own time (`timeNano`) of the event that opens each phase of the state scenario,
/// read from a direct event stream while the coordinator moves from phase to phase, and when that
/// reader got it: how long the engine itself takes to hand an event to a client of its stream, which is
/// part of every client's latency and no server can take away.
final class EventTimes: Sendable {
    private let phase = Atomic<Int>(-1)
    private let times = Mutex<[Int: Int64]>([:])
    private let arrivals = Mutex<[Int: Int64]>([:])

    /// Moves to `value` (before the engine is asked to act).
    func begin(phase value: Int) { phase.store(value, ordering: .releasing) }

    /// Keeps the first `start` (even phases) or `die` (odd phases) event of the current phase.
    func record(action: String, timeNano: Int64) {
        let current = phase.load(ordering: .acquiring)
        guard current >= 0 else { return }
        let wanted = StatePhase.eventAction(current)
        guard action == wanted else { return }
        let now = WallClock.nanos()
        let first = times.withLock { times -> Bool in
            guard times[current] == nil else { return false }
            times[current] = timeNano
            return true
        }
        if first { arrivals.withLock { $0[current] = now } }
    }

    /// Per phase: the direct reader's arrival minus the engine's `timeNano`, in milliseconds.
    var deliveryMilliseconds: [Double] {
        let times = all
        return arrivals.withLock { arrivals in
            arrivals.compactMap { phase, arrival in times[phase].map { Double(arrival - $0) / 1e6 } }
        }
    }

    /// Whether the event of `phase` arrived.
    func has(_ phase: Int) -> Bool { times.withLock { $0[phase] != nil } }

    /// All recorded times by phase.
    var all: [Int: Int64] { times.withLock { $0 } }
}
