@testable import CapstanStore
import Testing

extension StoreContractTests {
    @Test("migrate is idempotent, also when run concurrently", arguments: StoreBackend.allCases)
    func migrateTwice(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let alice = try await store.users.create(Fixtures.user("alice"))
            try await store.store.migrate()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTask { try await store.store.migrate() } }
                try await group.waitForAll()
            }
            #expect(try await store.users.get(id: alice.id) == alice)
        }
    }

    @Test("a closed store fails with unavailable", arguments: StoreBackend.allCases)
    func closedStore(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            try await store.store.close()
            await #expect(throws: CapstanStoreError.unavailable) { try await store.users.count() }
            await #expect(throws: CapstanStoreError.unavailable) {
                try await store.audit.append(Fixtures.entry())
            }
            try await store.store.close()  // twice is fine
        }
    }
}
