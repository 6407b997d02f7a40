import Synchronization

/// Counts open WebSocket connections per client address.
final class ConnectionLimiter: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Takes a slot for `address`; false when it has `limit` already.
    func acquire(_ address: String) -> Bool {
        counts.withLock { counts in
            let current = counts[address, default: 0]
            guard current < limit else { return false }
            counts[address] = current + 1
            return true
        }
    }

    /// Whether `address` could take a slot now.
    func hasRoom(_ address: String) -> Bool {
        counts.withLock { $0[address, default: 0] < limit }
    }

    /// Gives a slot back.
    func release(_ address: String) {
        counts.withLock { counts in
            let remaining = counts[address, default: 1] - 1
            counts[address] = remaining > 0 ? remaining : nil
        }
    }
}
