import Foundation
import Synchronization

/// Counts failed sign-ins per client address and per user name, and locks either out for a while
/// once it failed too often within a window.
public final class LoginThrottle: Sendable {
    private struct Record {
        var failures: [Date] = []
        var lockedUntil: Date?
    }

    private let records = Mutex<[String: Record]>([:])
    /// Failures allowed within the window before a lockout.
    public let maxFailures: Int
    /// The window failures are counted in.
    public let window: TimeInterval
    /// How long a lockout lasts.
    public let lockout: TimeInterval

    /// Creates a throttle.
    public init(maxFailures: Int = 5, window: TimeInterval = 300, lockout: TimeInterval = 900) {
        self.maxFailures = maxFailures
        self.window = window
        self.lockout = lockout
    }

    /// When the keys are locked out until, if they are.
    public func lockedUntil(_ keys: [String], now: Date = Date()) -> Date? {
        records.withLock { records in
            keys.compactMap { records[$0]?.lockedUntil }.filter { $0 > now }.max()
        }
    }

    /// Records a failure for every key; returns when they are locked out until, if that started now.
    @discardableResult
    public func fail(_ keys: [String], now: Date = Date()) -> Date? {
        records.withLock { records in
            var locked: Date?
            for key in keys {
                var record = records[key] ?? Record()
                record.failures = record.failures.filter { now.timeIntervalSince($0) < window } + [now]
                if record.failures.count >= maxFailures {
                    record.lockedUntil = now.addingTimeInterval(lockout)
                    record.failures.removeAll()
                    locked = record.lockedUntil
                }
                records[key] = record
            }
            // Bounded memory: forget records with nothing recent in them.
            if records.count > 10_000 {
                records = records.filter { !$0.value.failures.isEmpty || ($0.value.lockedUntil ?? .distantPast) > now }
            }
            return locked
        }
    }

    /// Forgets the failures of these keys (after a successful sign-in).
    public func succeed(_ keys: [String]) {
        records.withLock { records in for key in keys { records.removeValue(forKey: key) } }
    }
}
