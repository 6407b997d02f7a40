import Synchronization

/// The engine's own time (`timeNano`) of the event that opens each phase of the state scenario,
/// read from a direct event stream while the coordinator moves from phase to phase.
final class EventTimes: Sendable {
    private let phase = Atomic<Int>(-1)
    private let times = Mutex<[Int: Int64]>([:])

    /// Moves to `value` (before the engine is asked to act).
    func begin(phase value: Int) { phase.store(value, ordering: .releasing) }

    /// Keeps the first `start` (even phases) or `die` (odd phases) event of the current phase.
    func record(action: String, timeNano: Int64) {
        let current = phase.load(ordering: .acquiring)
        guard current >= 0 else { return }
        let wanted = current % 2 == 0 ? "start" : "die"
        guard action == wanted else { return }
        times.withLock { if $0[current] == nil { $0[current] = timeNano } }
    }

    /// Whether the event of `phase` arrived.
    func has(_ phase: Int) -> Bool { times.withLock { $0[phase] != nil } }

    /// All recorded times by phase.
    var all: [Int: Int64] { times.withLock { $0 } }
}
