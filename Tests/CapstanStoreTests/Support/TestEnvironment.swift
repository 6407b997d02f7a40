import CapstanStore
import Foundation
import Logging

/// What the tests need from outside, with messages that say how to provide it.
enum TestEnvironment {
    /// Where scripts/test (or `capstan_postgres_start`) puts the private PostgreSQL server.
    static let databaseURLVariable = "CAPSTAN_TEST_DATABASE_URL"

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The test database URL. Missing means failing, never skipping: a green run must have exercised PostgreSQL.
    static func databaseURL() throws -> String {
        guard let url = ProcessInfo.processInfo.environment[databaseURLVariable], !url.isEmpty else {
            throw Missing(
                description: """
                    \(databaseURLVariable) is not set. Run the tests through scripts/test, which starts a private \
                    PostgreSQL server, or start one yourself: source scripts/lib/postgres.sh && \
                    capstan_postgres_start /tmp/capstan-pg 25432, then export the URL it prints.
                    """
            )
        }
        return url
    }

    /// A logger that prints only problems, so test output stays readable.
    static let logger: Logger = {
        var logger = Logger(label: "capstan.store.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A fresh directory under the system temp dir (removed by the caller).
    static func temporaryDirectory(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    }
}
