@testable import CapstanStore
import Foundation
import Testing

extension StoreContractTests {
    @Test("users: create, then get by id and by name ignoring case", arguments: StoreBackend.allCases)
    func createAndGetUser(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let created = try await store.users.create(Fixtures.user("Alice", role: .operator))
            #expect(created.name == "Alice")
            #expect(try await store.users.get(id: created.id) == created)
            #expect(try await store.users.get(name: "alice") == created)
            #expect(try await store.users.get(name: "ALICE") == created)
            #expect(try await store.users.get(name: "bob") == nil)
            #expect(try await store.users.get(id: UUID()) == nil)
        }
    }

    @Test("users: a name taken in any case is a conflict", arguments: StoreBackend.allCases)
    func duplicateUserName(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let alice = try await store.users.create(Fixtures.user("alice"))
            await #expect(throws: CapstanStoreError.conflict) {
                try await store.users.create(Fixtures.user("alice"))
            }
            await #expect(throws: CapstanStoreError.conflict) {
                try await store.users.create(Fixtures.user("ALICE"))
            }
            var sameID = Fixtures.user("someone-else")
            sameID.id = alice.id
            await #expect(throws: CapstanStoreError.conflict) {
                try await store.users.create(sameID)
            }
            #expect(try await store.users.count() == 1)
        }
    }

    @Test("users: list is ordered by name; count by role", arguments: StoreBackend.allCases)
    func listAndCount(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.users.list().isEmpty)
            #expect(try await store.users.count() == 0)
            _ = try await store.users.create(Fixtures.user("carol", role: .admin))
            _ = try await store.users.create(Fixtures.user("Bob", role: .operator))
            _ = try await store.users.create(Fixtures.user("alice", role: .viewer))
            _ = try await store.users.create(Fixtures.user("dave", role: .admin))
            #expect(try await store.users.list().map(\.name) == ["alice", "Bob", "carol", "dave"])
            #expect(try await store.users.count() == 4)
            #expect(try await store.users.count(role: .admin) == 2)
            #expect(try await store.users.count(role: .operator) == 1)
            #expect(try await store.users.count(role: .viewer) == 1)
        }
    }

    @Test("users: role, disabled and password changes", arguments: StoreBackend.allCases)
    func updateUser(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let created = try await store.users.create(
                User(name: "alice", passwordHash: "old", role: .viewer, createdAt: Date(timeIntervalSinceNow: -60))
            )

            let promoted = try await store.users.updateRole(id: created.id, to: .admin)
            #expect(promoted.role == .admin)
            #expect(promoted.updatedAt > created.updatedAt)
            #expect(promoted.passwordChangedAt == created.passwordChangedAt)

            let disabled = try await store.users.setDisabled(id: created.id, true)
            #expect(disabled.disabled)
            #expect(try await store.users.get(id: created.id)?.disabled == true)
            #expect(try await store.users.setDisabled(id: created.id, false).disabled == false)

            let changed = try await store.users.setPasswordHash(id: created.id, to: "new")
            #expect(changed.passwordHash == "new")
            #expect(changed.passwordChangedAt > created.passwordChangedAt)
            #expect(changed.createdAt == created.createdAt)
            #expect(try await store.users.get(id: created.id) == changed)

            let unknown = UUID()
            await #expect(throws: CapstanStoreError.notFound) { try await store.users.updateRole(id: unknown, to: .admin) }
            await #expect(throws: CapstanStoreError.notFound) { try await store.users.setDisabled(id: unknown, true) }
            await #expect(throws: CapstanStoreError.notFound) { try await store.users.setPasswordHash(id: unknown, to: "x") }
        }
    }

    @Test("users: delete removes the user and their refresh tokens", arguments: StoreBackend.allCases)
    func deleteUser(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let alice = try await store.users.create(Fixtures.user("alice"))
            let bob = try await store.users.create(Fixtures.user("bob"))
            let token = Fixtures.token(for: alice)
            try await store.refreshTokens.insert(token)

            try await store.users.delete(id: alice.id)
            #expect(try await store.users.get(id: alice.id) == nil)
            #expect(try await store.refreshTokens.find(tokenHash: token.tokenHash) == nil)
            #expect(try await store.users.list().map(\.id) == [bob.id])
            await #expect(throws: CapstanStoreError.notFound) { try await store.users.delete(id: alice.id) }
            // The name is free again.
            _ = try await store.users.create(Fixtures.user("Alice"))
        }
    }

    @Test("users: SQL-looking names are just names", arguments: StoreBackend.allCases)
    func sqlLookingUserNames(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let plain = try await store.users.create(Fixtures.user("plain"))
            for probe in Fixtures.sqlLooking {
                #expect(try await store.users.get(name: probe) == nil, "get(name: \(probe)) found someone")
            }
            var created: [User] = [plain]
            for name in Fixtures.sqlLooking {
                created.append(try await store.users.create(Fixtures.user(name)))
            }
            for user in created {
                #expect(try await store.users.get(name: user.name) == user)
            }
            #expect(try await store.users.count() == created.count)
        }
    }
}
