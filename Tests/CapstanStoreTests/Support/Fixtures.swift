@testable import CapstanStore
import Foundation

/// Builders for test records.
enum Fixtures {
    /// Strings that would change a query's meaning if they were ever spliced into SQL or a LIKE pattern.
    static let sqlLooking = ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE users; --", "\" OR \"\"=\"", "*"]

    static func user(_ name: String, role: Role = .viewer) -> User {
        User(name: name, passwordHash: "$2b$12$" + String(repeating: "x", count: 53), role: role)
    }

    static func token(for user: User, family: UUID = UUID(), expiresIn: TimeInterval = 3600) -> RefreshToken {
        RefreshToken(
            userID: user.id, familyID: family, tokenHash: RefreshToken.hash(ofToken: UUID().uuidString),
            expiresAt: Date().addingTimeInterval(expiresIn)
        )
    }

    static func entry(
        _ action: String = "container.stop",
        user: String? = "alice",
        objectID: String? = nil,
        objectName: String? = nil,
        result: AuditResult = .success,
        time: Date = Date()
    ) -> AuditEntry {
        AuditEntry(
            time: time, user: user, role: .operator, clientAddress: "127.0.0.1", requestID: UUID().uuidString,
            action: action, engine: "local", objectID: objectID, objectName: objectName,
            parameters: ["signal": "SIGTERM"], result: result, error: result == .success ? nil : "boom"
        )
    }
}

/// Polls `condition` until it holds or `timeout` passes — for waiting on something outside the process
/// (a database coming back) without a fixed sleep.
func eventually(
    timeout: Duration,
    every interval: Duration = .milliseconds(200),
    _ condition: () async -> Bool
) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return await condition()
}
