@testable import CapstanStore
import Foundation
import Testing

extension StoreContractTests {
    @Test("refresh tokens: insert and find by hash", arguments: StoreBackend.allCases)
    func insertAndFindToken(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let alice = try await store.users.create(Fixtures.user("alice"))
            let token = Fixtures.token(for: alice)
            try await store.refreshTokens.insert(token)
            #expect(try await store.refreshTokens.find(tokenHash: token.tokenHash) == token.normalized)
            #expect(try await store.refreshTokens.find(tokenHash: RefreshToken.hash(ofToken: "other")) == nil)
            for probe in Fixtures.sqlLooking {
                #expect(try await store.refreshTokens.find(tokenHash: probe) == nil)
            }
            // The same hash twice is a conflict; a token for a user that does not exist is refused.
            var duplicate = Fixtures.token(for: alice)
            duplicate.tokenHash = token.tokenHash
            await #expect(throws: CapstanStoreError.conflict) { try await store.refreshTokens.insert(duplicate) }
            await #expect(throws: CapstanStoreError.notFound) {
                try await store.refreshTokens.insert(Fixtures.token(for: Fixtures.user("ghost")))
            }
        }
    }

    @Test("refresh tokens: markUsed succeeds once, never after use or revocation", arguments: StoreBackend.allCases)
    func markUsedOnce(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let alice = try await store.users.create(Fixtures.user("alice"))
            let first = Fixtures.token(for: alice)
            let second = Fixtures.token(for: alice, family: first.familyID)
            try await store.refreshTokens.insert(first)
            try await store.refreshTokens.insert(second)

            let now = Date()
            #expect(try await store.refreshTokens.markUsed(id: first.id, replacedBy: second.id, at: now))
            #expect(try await store.refreshTokens.markUsed(id: first.id, replacedBy: UUID(), at: now) == false)
            let used = try #require(try await store.refreshTokens.find(tokenHash: first.tokenHash))
            #expect(used.usedAt == now.roundedToMicroseconds)
            #expect(used.replacedBy == second.id)

            try await store.refreshTokens.revokeFamily(first.familyID, at: now)
            #expect(try await store.refreshTokens.markUsed(id: second.id, replacedBy: nil, at: now) == false)
            #expect(try await store.refreshTokens.markUsed(id: UUID(), replacedBy: nil, at: now) == false)
        }
    }

    @Test("refresh tokens: of concurrent markUsed calls exactly one wins", arguments: StoreBackend.allCases)
    func markUsedRace(_ backend: StoreBackend) async throws {
        try await withStore(backend, maximumConnections: 8) { store in
            let alice = try await store.users.create(Fixtures.user("alice"))
            for _ in 0..<20 {
                let token = Fixtures.token(for: alice)
                try await store.refreshTokens.insert(token)
                let wins = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for _ in 0..<4 {
                        group.addTask { try await store.refreshTokens.markUsed(id: token.id, replacedBy: UUID(), at: Date()) }
                    }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(wins == 1)
            }
        }
    }

    @Test("refresh tokens: revoke a family, revoke all of a user, delete expired", arguments: StoreBackend.allCases)
    func revokeAndExpire(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            let alice = try await store.users.create(Fixtures.user("alice"))
            let bob = try await store.users.create(Fixtures.user("bob"))
            let family = UUID()
            let a1 = Fixtures.token(for: alice, family: family)
            let a2 = Fixtures.token(for: alice, family: family)
            let a3 = Fixtures.token(for: alice)
            let b1 = Fixtures.token(for: bob)
            let expired = Fixtures.token(for: bob, expiresIn: -60)
            for token in [a1, a2, a3, b1, expired] { try await store.refreshTokens.insert(token) }

            let now = Date()
            #expect(try await store.refreshTokens.revokeFamily(family, at: now) == 2)
            #expect(try await store.refreshTokens.revokeFamily(family, at: now) == 0)
            #expect(try await store.refreshTokens.find(tokenHash: a1.tokenHash)?.revokedAt == now.roundedToMicroseconds)
            #expect(try await store.refreshTokens.find(tokenHash: a3.tokenHash)?.revokedAt == nil)

            #expect(try await store.refreshTokens.revokeAll(userID: alice.id, at: now) == 1)
            #expect(try await store.refreshTokens.find(tokenHash: a3.tokenHash)?.revokedAt != nil)
            #expect(try await store.refreshTokens.find(tokenHash: b1.tokenHash)?.revokedAt == nil)

            #expect(try await store.refreshTokens.deleteExpired(before: now) == 1)
            #expect(try await store.refreshTokens.find(tokenHash: expired.tokenHash) == nil)
            #expect(try await store.refreshTokens.find(tokenHash: b1.tokenHash) != nil)
            #expect(try await store.refreshTokens.deleteExpired(before: now.addingTimeInterval(7200)) == 4)
        }
    }
}
