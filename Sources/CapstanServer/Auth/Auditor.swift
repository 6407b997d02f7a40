import CapstanStore
import Foundation
import Logging

/// Writes audit rows, and refuses audited actions while rows cannot be written (fail closed).
public struct Auditor: Sendable {
    let store: any CapstanStore
    let logger: Logger

    /// Creates an auditor.
    public init(store: any CapstanStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Appends a row; an unavailable store becomes a 503 for the caller.
    public func record(_ entry: AuditEntry) async throws {
        do {
            try await store.audit.append(entry)
        } catch {
            logger.error("audit write failed", metadata: ["action": "\(entry.action)", "error": "\(error)"])
            throw APIError(
                .serviceUnavailable, code: "audit_unavailable",
                message: "the audit log cannot be written right now, so the action is refused; try again shortly"
            )
        }
    }

    /// Checks the audit can be written before an action runs: a database that is down refuses the action.
    public func ensureAvailable() async throws {
        do {
            _ = try await store.settings.get("audit.probe")
        } catch {
            throw APIError(
                .serviceUnavailable, code: "audit_unavailable",
                message: "the audit log cannot be written right now, so the action is refused; try again shortly"
            )
        }
    }
}
