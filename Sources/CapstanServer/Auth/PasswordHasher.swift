import Foundation
import HummingbirdBcrypt
import NIOPosix
import Synchronization

/// bcrypt, run on NIO's pool for blocking work and never on Swift's concurrency pool.
///
/// One hash at cost 12 is about a quarter of a second of CPU, and the concurrency pool has one thread
/// per core: two sign-ins at once on a two-core host would stall every task of the server (the hubs'
/// event streams, the fan-out, other requests) for as long. On a thread of the blocking pool a sign-in
/// only takes its share of the cores.
final class PasswordHasher: Sendable {
    /// The cost of new hashes (and of the decoy).
    let cost: UInt8
    private let pool: NIOThreadPool
    /// A hash of a random password at ``cost``, made on first use (not at start: it would add its quarter
    /// second to the time until the server is ready).
    private let decoy = Mutex<String?>(nil)

    /// A hasher at `cost`, on `pool`.
    init(cost: UInt8, pool: NIOThreadPool = .singleton) {
        self.cost = cost
        self.pool = pool
    }

    /// The bcrypt hash of `password` at ``cost``.
    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await pool.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    /// Whether `password` matches `hash`.
    func verify(_ password: String, against hash: String) async throws -> Bool {
        try await pool.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Verifies `password` against a hash that matches nothing, at the same cost as a real one: a sign-in
    /// with an unknown name then takes as long as one with a known name.
    func verifyDecoy(_ password: String) async throws {
        guard let known = decoy.withLock({ $0 }) else {
            // Making the decoy costs what a verification does: the first unknown name takes as long as the rest.
            let made = try await hash(AccessTokenSigner.base64URL(Data(AuthService.randomBytes(24))))
            decoy.withLock { $0 = $0 ?? made }
            return
        }
        _ = try await verify(password, against: known)
    }
}
