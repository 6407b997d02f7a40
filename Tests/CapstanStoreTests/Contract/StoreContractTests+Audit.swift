@testable import CapstanStore
import Foundation
import Testing

extension StoreContractTests {
    @Test("audit: append numbers rows 1, 2, 3… and chains their hashes", arguments: StoreBackend.allCases)
    func appendChains(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            var stored: [AuditEntry] = []
            for index in 0..<5 {
                var entry = Fixtures.entry("action.\(index)")
                entry.parameters = ["n": "\(index)", "unicode": "ünï ✓ \"quoted\"\n"]
                entry.seq = 99  // ignored: the store assigns seq, prevHash and hash
                entry.hash = "forged"
                stored.append(try await store.audit.append(entry))
            }
            #expect(stored.map(\.seq) == [1, 2, 3, 4, 5])
            #expect(stored[0].prevHash == AuditChain.genesisHash)
            for (previous, entry) in zip(stored, stored.dropFirst()) {
                #expect(entry.prevHash == previous.hash)
            }
            for entry in stored {
                #expect(entry.hash == AuditChain.expectedHash(of: entry))
            }
            // What query returns is exactly what append returned, newest first.
            let page = try await store.audit.query(AuditQuery())
            #expect(page.entries == stored.reversed())
            #expect(page.next == nil)
            let report = try await store.audit.verify()
            #expect(report == AuditVerification(checkedCount: 5, lastSeq: 5, lastHash: stored[4].hash, firstBreak: nil))
        }
    }

    @Test("audit: verify on an empty log", arguments: StoreBackend.allCases)
    func verifyEmpty(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let report = try await store.audit.verify()
            #expect(report.isValid)
            #expect(report.checkedCount == 0)
            #expect(report.lastHash == AuditChain.genesisHash)
        }
    }

    @Test("audit: filters by user, action, object, time range and result", arguments: StoreBackend.allCases)
    func queryFilters(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let t0 = Date(timeIntervalSince1970: 1_800_000_000)
            let rows: [AuditEntry] = [
                Fixtures.entry("auth.login", user: "alice", result: .success, time: t0),
                Fixtures.entry("container.stop", user: "alice", objectID: "abc123def456", objectName: "web", time: t0 + 10),
                Fixtures.entry("container.stop", user: "bob", objectID: "abc999", objectName: "db", result: .denied, time: t0 + 20),
                Fixtures.entry("container.kill", user: "bob", objectID: "fff000", objectName: "web", result: .failure, time: t0 + 30),
                Fixtures.entry("auth.login", user: "mallory", result: .failure, time: t0 + 40),
            ]
            for row in rows { try await store.audit.append(row) }

            func seqs(_ query: AuditQuery) async throws -> [Int64] {
                try await store.audit.query(query).entries.map(\.seq)
            }
            #expect(try await seqs(AuditQuery()) == [5, 4, 3, 2, 1])
            #expect(try await seqs(AuditQuery(user: "alice")) == [2, 1])
            #expect(try await seqs(AuditQuery(user: "Alice")) == [])
            #expect(try await seqs(AuditQuery(action: "container.stop")) == [3, 2])
            #expect(try await seqs(AuditQuery(objectID: "abc")) == [3, 2])
            #expect(try await seqs(AuditQuery(objectID: "abc123def456")) == [2])
            #expect(try await seqs(AuditQuery(objectID: "ABC")) == [])
            #expect(try await seqs(AuditQuery(objectName: "web")) == [4, 2])
            #expect(try await seqs(AuditQuery(objectName: "we")) == [])
            #expect(try await seqs(AuditQuery(since: t0 + 10, until: t0 + 30)) == [3, 2])
            #expect(try await seqs(AuditQuery(since: t0 + 40)) == [5])
            #expect(try await seqs(AuditQuery(until: t0)) == [])
            #expect(try await seqs(AuditQuery(result: .failure)) == [5, 4])
            #expect(try await seqs(AuditQuery(result: .denied)) == [3])
            #expect(try await seqs(AuditQuery(user: "bob", action: "container.stop", result: .denied)) == [3])
            #expect(try await seqs(AuditQuery(user: "bob", objectName: "db", result: .success)) == [])
        }
    }

    @Test("audit: pages with limit and cursor, newest first", arguments: StoreBackend.allCases)
    func queryPages(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            for index in 0..<23 {
                try await store.audit.append(Fixtures.entry(index.isMultiple(of: 2) ? "even" : "odd"))
            }
            var seen: [Int64] = []
            var cursor: Int64?
            repeat {
                let page = try await store.audit.query(AuditQuery(limit: 5, after: cursor))
                #expect(page.entries.count <= 5)
                seen += page.entries.map(\.seq)
                cursor = page.next
            } while cursor != nil
            #expect(seen == Array((1...23).reversed()))

            let evens = try await store.audit.query(AuditQuery(action: "even", limit: 4, after: 20))
            #expect(evens.entries.map(\.seq) == [19, 17, 15, 13])
            #expect(evens.next == 13)
            #expect(try await store.audit.query(AuditQuery(limit: 0)).entries.count == 1)
            #expect(try await store.audit.query(AuditQuery(limit: 5_000)).entries.count == 23)
            #expect(try await store.audit.query(AuditQuery(after: 1)).entries.isEmpty)
        }
    }

    @Test("audit: SQL-looking filter values match nothing extra", arguments: StoreBackend.allCases)
    func sqlLookingFilters(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.audit.append(Fixtures.entry("container.stop", user: "alice", objectID: "abc", objectName: "web"))
            for probe in Fixtures.sqlLooking {
                let queries = [
                    AuditQuery(user: probe), AuditQuery(action: probe), AuditQuery(objectID: probe),
                    AuditQuery(objectName: probe), AuditQuery(user: "alice", objectID: probe),
                ]
                for query in queries {
                    #expect(try await store.audit.query(query).entries.isEmpty, "\(query) matched")
                }
            }
            // Rows that really contain those characters are found, and only those.
            var seqs: [String: Int64] = [:]
            for probe in Fixtures.sqlLooking {
                let entry = try await store.audit.append(
                    Fixtures.entry(probe, user: probe, objectID: probe + "-id", objectName: probe)
                )
                seqs[probe] = entry.seq
            }
            for probe in Fixtures.sqlLooking {
                let expected = [try #require(seqs[probe])]
                #expect(try await store.audit.query(AuditQuery(user: probe)).entries.map(\.seq) == expected)
                #expect(try await store.audit.query(AuditQuery(action: probe)).entries.map(\.seq) == expected)
                #expect(try await store.audit.query(AuditQuery(objectName: probe)).entries.map(\.seq) == expected)
                #expect(try await store.audit.query(AuditQuery(objectID: probe + "-")).entries.map(\.seq) == expected)
            }
            #expect(try await store.audit.verify().isValid)
        }
    }

    @Test("audit: concurrent appends keep one valid chain", arguments: StoreBackend.allCases)
    func concurrentAppends(_ backend: StoreBackend) async throws {
        try await withStore(backend, maximumConnections: 10) { store in
            let tasks = 25
            let perTask = 8
            try await withThrowingTaskGroup(of: Void.self) { group in
                for task in 0..<tasks {
                    group.addTask {
                        for index in 0..<perTask {
                            try await store.audit.append(Fixtures.entry("task.\(task)", objectID: "\(index)"))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let report = try await store.audit.verify()
            #expect(report.isValid, "\(report)")
            #expect(report.checkedCount == tasks * perTask)
            #expect(report.lastSeq == Int64(tasks * perTask))
        }
    }

    @Test("audit: two stores on one database (replicas, or server and CLI) append into one chain",
          arguments: StoreBackend.allCases)
    func appendsFromTwoStores(_ backend: StoreBackend) async throws {
        try await withStore(backend, maximumConnections: 4) { store in
            let other = try await store.openAnother()
            try await other.migrate()
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for (index, audit) in [store.audit, other.audit, store.audit, other.audit].enumerated() {
                        group.addTask {
                            for _ in 0..<15 { try await audit.append(Fixtures.entry("writer.\(index)")) }
                        }
                    }
                    try await group.waitForAll()
                }
                let report = try await other.audit.verify()
                #expect(report.isValid, "\(report)")
                #expect(report.lastSeq == 60)
            } catch {
                try? await other.close()
                throw error
            }
            try await other.close()
        }
    }
}
