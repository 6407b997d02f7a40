@testable import CapstanServer
import NIOPosix
import Testing

/// bcrypt runs on a pool for blocking work, never inline on the concurrency pool (see ``PasswordHasher``).
@Suite("Password hashing off the concurrency pool")
struct PasswordHasherTests {
    @Test func aHashVerifiesItsPasswordAndNoOther() async throws {
        let hasher = PasswordHasher(cost: 4)
        let hash = try await hasher.hash("correct horse battery")
        #expect(hash.hasPrefix("$2b$04$"), "the configured cost: \(hash)")
        #expect(try await hasher.verify("correct horse battery", against: hash))
        #expect(try await !hasher.verify("correct horse batterz", against: hash))
        // The decoy for unknown names is made once, then verified against; it matches nothing.
        try await hasher.verifyDecoy("correct horse battery")
        try await hasher.verifyDecoy("correct horse battery")
    }

    @Test func theWorkRunsOnThePoolAndNowhereElse() async throws {
        // A pool that has stopped takes no work: every call fails instead of hashing on the caller's thread.
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        let hasher = PasswordHasher(cost: 4, pool: pool)
        let hash = try await hasher.hash("a password of ten")
        try await pool.shutdownGracefully()
        await #expect(throws: (any Error).self) { _ = try await hasher.hash("a password of ten") }
        await #expect(throws: (any Error).self) { _ = try await hasher.verify("a password of ten", against: hash) }
        await #expect(throws: (any Error).self) { try await hasher.verifyDecoy("a password of ten") }
    }
}
