@testable import CapstanStore
import Foundation
import Testing

extension StoreContractTests {
    /// Raw SQL that lifts the append-only triggers, as someone with direct database access could.
    private func dropAppendOnlyTriggers(_ store: TestStore, _ backend: StoreBackend) async throws {
        switch backend {
        case .sqlite:
            try await store.raw("DROP TRIGGER audit_log_no_update")
            try await store.raw("DROP TRIGGER audit_log_no_delete")
        case .postgres:
            try await store.raw("DROP TRIGGER audit_log_append_only ON audit_log")
        }
    }

    private func appendSix(_ store: TestStore) async throws -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for index in 1...6 {
            entries.append(try await store.audit.append(Fixtures.entry("action.\(index)", objectName: "c\(index)")))
        }
        return entries
    }

    @Test("audit: the database itself refuses UPDATE and DELETE", arguments: StoreBackend.allCases)
    func appendOnlyInDatabase(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await appendSix(store)
            await #expect(throws: (any Error).self) { try await store.raw("UPDATE audit_log SET action = 'x' WHERE seq = 2") }
            await #expect(throws: (any Error).self) { try await store.raw("DELETE FROM audit_log WHERE seq = 2") }
            #expect(try await store.audit.verify().isValid)
        }
    }

    @Test("audit: an edited row is detected", arguments: StoreBackend.allCases)
    func editedRowDetected(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await appendSix(store)
            try await dropAppendOnlyTriggers(store, backend)
            try await store.raw("UPDATE audit_log SET result = 'success', user_name = 'nobody' WHERE seq = 3")
            let report = try await store.audit.verify()
            #expect(report.firstBreak == AuditChainBreak(seq: 3, reason: .hashMismatch))
            #expect(report.lastSeq == 2)
        }
    }

    @Test("audit: an edited and re-hashed row breaks the link to the next", arguments: StoreBackend.allCases)
    func rehashedRowDetected(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let entries = try await appendSix(store)
            try await dropAppendOnlyTriggers(store, backend)
            var forged = entries[3]
            forged.objectName = "innocent"
            let forgedHash = AuditChain.expectedHash(of: forged)
            try await store.raw("UPDATE audit_log SET object_name = 'innocent', hash = '\(forgedHash)' WHERE seq = 4")
            let report = try await store.audit.verify()
            #expect(report.firstBreak == AuditChainBreak(seq: 5, reason: .prevHashMismatch))
        }
    }

    @Test("audit: a deleted row is detected", arguments: StoreBackend.allCases)
    func deletedRowDetected(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await appendSix(store)
            try await dropAppendOnlyTriggers(store, backend)
            try await store.raw("DELETE FROM audit_log WHERE seq = 4")
            #expect(try await store.audit.verify().firstBreak == AuditChainBreak(seq: 5, reason: .missingRows))
            try await store.raw("DELETE FROM audit_log WHERE seq = 1")
            #expect(try await store.audit.verify().firstBreak == AuditChainBreak(seq: 2, reason: .missingRows))
        }
    }

    @Test("audit: a renumbered row and an unreadable row are detected", arguments: StoreBackend.allCases)
    func renumberedAndUnreadableRows(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            _ = try await appendSix(store)
            try await dropAppendOnlyTriggers(store, backend)
            // Close the gap a deletion left by renumbering the rows after it: the hashes cover seq.
            try await store.raw("DELETE FROM audit_log WHERE seq = 2")
            try await store.raw("UPDATE audit_log SET seq = seq - 1 WHERE seq = 3")
            #expect(try await store.audit.verify().firstBreak == AuditChainBreak(seq: 2, reason: .hashMismatch))
        }
        try await withStore(backend) { store in
            _ = try await appendSix(store)
            try await dropAppendOnlyTriggers(store, backend)
            try await store.raw("UPDATE audit_log SET parameters = 'not json' WHERE seq = 5")
            #expect(try await store.audit.verify().firstBreak == AuditChainBreak(seq: 5, reason: .unreadable))
            await #expect(throws: CapstanStoreError.corrupt) { try await store.audit.query(AuditQuery()) }
        }
    }
}
