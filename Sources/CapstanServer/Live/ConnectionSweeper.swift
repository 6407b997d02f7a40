import Foundation
import Synchronization

/// Checks the deadlines of every live connection (a stuck queue, an expired token, idleness) from
/// one task.
///
/// A task per connection that wakes every second is 10,000 wake-ups a second at 10,000 idle clients:
/// 23 % of a core, measured by the `connections` benchmark. Here one task runs once per `step`: every
/// `thoroughEvery`-th sweep walks every connection's check (idleness and expiry need no finer step),
/// the sweeps between look only at the connections being *watched* — those whose writer found the
/// socket full (``Registration/watch()``), the only ones whose queue can be stuck. Walking all 10,000
/// on every step was a sixth of the idle CPU, in cache misses. A check that finds something to do starts
/// it (a ``ConnectionCloser``, a warning in the client's queue) without waiting. The task runs while
/// connections are registered and ends with the last one, so an idle server has no timer at all.
final class ConnectionSweeper: Sendable {
    /// A connection's check: looks at its deadlines and starts what they call for, without waiting (it runs
    /// under the sweeper's lock). Every check looks at the fast deadline (a stuck client); a `thorough` one
    /// also at the slow ones (idleness, token expiry). Returns whether the connection should stay watched
    /// (its queue is behind); a thorough sweep stops watching one that is not.
    typealias Check = @Sendable (_ now: ContinuousClock.Instant, _ date: Date, _ thorough: Bool) -> Bool

    /// A connection's place in the sweeper.
    struct Registration: Sendable {
        fileprivate let id: Int
        fileprivate weak var sweeper: ConnectionSweeper?

        /// Has the connection checked on every sweep until a thorough sweep finds it no longer behind.
        func watch() { _ = sweeper?.state.withLock { $0.watched.insert(id) } }

        /// Takes the connection out, for good.
        func cancel() {
            sweeper?.state.withLock { state in
                state.entries.removeValue(forKey: id)
                state.watched.remove(id)
            }
        }
    }

    private struct State {
        var entries: [Int: Check] = [:]
        var watched: Set<Int> = []
        var nextID = 0
        var sweeping = false
        var sweeps = 0
    }

    private let state = Mutex(State())
    /// How often the watched connections are checked.
    let step: Duration
    /// Every how many sweeps every connection is checked, thoroughly.
    let thoroughEvery: Int

    /// A sweeper that checks every `step`, every connection thoroughly every `thoroughEvery` steps.
    init(step: Duration, thoroughEvery: Int = 1) {
        self.step = step
        self.thoroughEvery = max(1, thoroughEvery)
    }

    /// Registers a connection's check; cancel the registration when the connection ends.
    func register(_ check: @escaping Check) -> Registration {
        let (id, start) = state.withLock { state -> (Int, Bool) in
            state.nextID += 1
            state.entries[state.nextID] = check
            defer { state.sweeping = true }
            return (state.nextID, !state.sweeping)
        }
        // Unstructured on purpose: it outlives any one connection, and ends by itself with the last one.
        if start { Task { await sweep() } }
        return Registration(id: id, sweeper: self)
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
                if state.sweeps % thoroughEvery == 0 {
                    for (id, check) in state.entries {
                        let behind = check(now, date, true)
                        if !behind, !state.watched.isEmpty { state.watched.remove(id) }
                    }
                } else {
                    // Watched until a thorough sweep finds the queue fine: a queue may fill a while after its writer
                    // found the socket full, and the writer is told only once per stretch.
                    for id in state.watched { _ = state.entries[id]?(now, date, false) }
                }
                return false
            }
            if done { return }
        }
    }
}
