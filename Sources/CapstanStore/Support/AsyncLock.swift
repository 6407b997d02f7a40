import Synchronization

/// A FIFO mutual-exclusion lock for async code.
///
/// SQLite gives us one connection, and a transaction on it spans several awaits (BEGIN, SELECT, INSERT, COMMIT).
/// An actor would not help — it is re-entrant at every await — so statements of two transactions could
/// interleave. Waiters are resumed in arrival order. Waiting is not cancellable: the holder always releases
/// promptly (every SQLite call is bounded by the busy timeout), and keeping waiters in the queue keeps the
/// hand-over simple and fair.
final class AsyncLock: Sendable {
    private struct State {
        var locked = false
        var waiters: [CheckedContinuation<Void, Never>] = []
        var head = 0
    }

    private let state = Mutex(State())

    init() {}

    /// Runs `body` while holding the lock.
    func withLock<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let acquired = state.withLock { state -> Bool in
                if !state.locked {
                    state.locked = true
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.head < state.waiters.count else {
                state.locked = false
                state.waiters.removeAll(keepingCapacity: true)
                state.head = 0
                return nil
            }
            // Ownership passes straight to the next waiter: `locked` stays true.
            let next = state.waiters[state.head]
            state.head += 1
            return next
        }
        next?.resume()
    }
}
