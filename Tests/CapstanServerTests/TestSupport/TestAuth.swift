import CapstanServer
import CapstanStore
import Foundation
import Logging

/// A real SQLite store in a temporary folder with one user per role, and their access tokens.
///
/// Every application a test builds needs an ``AuthService``; this gives one with a low bcrypt cost
/// (the cost is a parameter, the algorithm is the real one).
struct TestAuth: Sendable {
    let auth: AuthService
    let store: SQLiteStore
    let folder: String
    /// Access tokens by role.
    let tokens: [Role: String]
    /// The password every test user has.
    static let password = "correct horse battery"

    /// The admin's token (what most tests act as).
    var adminToken: String { tokens[.admin]! }

    /// Runs `body` with a fresh store and users, removing the folder afterwards.
    static func with<T: Sendable>(
        configure: (inout AuthConfiguration) -> Void = { _ in }, _ body: (TestAuth) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "capstan.test.auth")
        logger.logLevel = .critical
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-auth-\(UUID().uuidString.prefix(8))").path
        let store = try await SQLiteStore.open(directory: folder, logger: logger)
        do {
            try await store.migrate()
            var configuration = AuthConfiguration()
            configuration.bcryptCost = 4
            configure(&configuration)
            let auth = try await AuthService.start(store: store, configuration: configuration, logger: logger)
            var tokens: [Role: String] = [:]
            let client = ClientInfo(address: "127.0.0.1", requestID: nil)
            for role in Role.allCases {
                try await auth.createUser(name: "test-\(role.rawValue)", password: password, role: role, actor: nil, client: client)
                tokens[role] = try await auth.login(name: "test-\(role.rawValue)", password: password, client: client).accessToken
            }
            let result = try await body(TestAuth(auth: auth, store: store, folder: folder, tokens: tokens))
            // A test may have closed it already (to take the database away).
            try? await store.close()
            try? FileManager.default.removeItem(atPath: folder)
            return result
        } catch {
            try? await store.close()
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }
}

/// The token test requests carry (set by the harness to the admin's; a test may act as another role).
enum TestToken {
    @TaskLocal static var current: String?
}
