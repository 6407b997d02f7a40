import Foundation
import Synchronization

/// Checks the deadlines of every live connection (a stuck queue, an expired token, idleness) from
/// one task.
///
/// A task per connection that wakes every second is 10,000 wake-ups a second at 10,000 idle clients:
/// 23 % of a core, measured by the `connections` benchmark. Here one task walks a table once per
/// `step`, running each connection's check (a few lock-protected comparisons); a check that finds
/// something to do starts it (a ``ConnectionCloser``, a warning in the client's queue) without
/// waiting. The task runs while connections are registered and ends with the last one, so an idle
/// server has no timer at all.
final class ConnectionSweeper: Sendable {
    /// A connection's check: looks at its deadlines and starts what they call for, without waiting (it runs
    /// under the sweeper's lock). Every sweep checks the fast deadline (a stuck client); only every
    /// `thoroughEvery`-th sweep is `thorough` and checks the slow ones too (idleness, token expiry).
    typealias Check = @Sendable (_ now: ContinuousClock.Instant, _ date: Date, _ thorough: Bool) -> Void

    private struct State {
        var entries: [Int: Check] = [:]
        var nextID = 0
        var sweeping = false
        var sweeps = 0
    }

    private let state = Mutex(State())
    /// How often every connection is checked.
    let step: Duration
    /// Every how many sweeps the check is thorough.
    let thoroughEvery: Int

    /// A sweeper that checks every `step`, thoroughly every `thoroughEvery` steps.
    init(step: Duration, thoroughEvery: Int = 1) {
        self.step = step
        self.thoroughEvery = max(1, thoroughEvery)
    }

    /// Registers a connection's check; call the function returned when the connection ends.
    func register(_ check: @escaping Check) -> @Sendable () -> Void {
        let (id, start) = state.withLock { state -> (Int, Bool) in
            state.nextID += 1
            state.entries[state.nextID] = check
            defer { state.sweeping = true }
            return (state.nextID, !state.sweeping)
        }
        // Unstructured on purpose: it outlives any one connection, and ends by itself with the last one.
        if start { Task { await sweep() } }
        return { [weak self] in _ = self?.state.withLock { $0.entries.removeValue(forKey: id) } }
    }

    /// Connections registered now (for tests).
    var count: Int { state.withLock { $0.entries.count } }

    private func sweep() async {
        while true {
            // A periodic check of deadlines, not a way to order events.
            try? await Task.sleep(for: step)
            let now = ContinuousClock.now
            let date = Date()
            // Checked under the lock, without copying the table (10,000 entries: a copy and its retains
            // cost more than the checks). A check takes only its connection's own locks, never this one.
            let done = state.withLock { state -> Bool in
                if state.entries.isEmpty {
                    state.sweeping = false
                    return true
                }
                state.sweeps += 1
                let thorough = state.sweeps % thoroughEvery == 0
                for check in state.entries.values { check(now, date, thorough) }
                return false
            }
            if done { return }
        }
    }
}
