import Synchronization

/// Counts open WebSocket connections per key (a client address, a user).
final class ConnectionLimiter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a slot for `key`; false when it has `limit` already.
    func acquire(_ key: String) -> Bool {
        counts.withLock { counts in
            let current = counts[key, default: 0]
            guard current < limit else { return false }
            counts[key] = current + 1
            return true
        }
    }

    /// Whether `key` could take a slot now.
    func hasRoom(_ key: String) -> Bool {
        counts.withLock { $0[key, default: 0] < limit }
    }

    /// Gives a slot back.
    func release(_ key: String) {
        counts.withLock { counts in
            let remaining = counts[key, default: 1] - 1
            counts[key] = remaining > 0 ? remaining : nil
        }
    }
}
