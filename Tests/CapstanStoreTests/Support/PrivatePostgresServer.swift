import Foundation

/// A PostgreSQL server of the test's own, started with the repository's postgres.sh, for tests that stop and
/// start the server — which must not disturb the shared server the other tests use.
struct PrivatePostgresServer: Sendable {
    let directory: String
    let url: String

    /// The repository's script: `scripts/lib/postgres.sh` (or `scripts/postgres.sh` in a standalone package),
    /// found from this file's path; `CAPSTAN_POSTGRES_SCRIPT` overrides.
    static func scriptPath() throws -> String {
        if let path = ProcessInfo.processInfo.environment["CAPSTAN_POSTGRES_SCRIPT"] { return path }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            for candidate in ["scripts/lib/postgres.sh", "scripts/postgres.sh"] {
                let path = directory.appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: path) { return path }
            }
            directory = directory.deletingLastPathComponent()
        }
        throw TestEnvironment.Missing(description: "postgres.sh not found above \(#filePath); set CAPSTAN_POSTGRES_SCRIPT")
    }

    static func start() async throws -> PrivatePostgresServer {
        // Directly under /tmp: the unprivileged postgres user must be able to reach it, and the socket path
        // inside it must stay short.
        let directory = "/tmp/capstan-pg-\(UUID().uuidString.prefix(8).lowercased())"
        let port = try FreePort.next()
        let output = try await run("capstan_postgres_start", directory, String(port))
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("CAPSTAN_TEST_DATABASE_URL=") })
        else {
            throw TestEnvironment.Missing(description: "capstan_postgres_start printed no URL: \(output)")
        }
        return PrivatePostgresServer(directory: directory, url: String(line.dropFirst("CAPSTAN_TEST_DATABASE_URL=".count)))
    }

    func down() async throws { _ = try await Self.run("capstan_postgres_down", directory) }
    func up() async throws { _ = try await Self.run("capstan_postgres_up", directory) }
    func stop() async { _ = try? await Self.run("capstan_postgres_stop", directory) }

    struct ScriptFailed: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs one function of the script in a fresh bash; returns its standard output.
    private static func run(_ function: String, _ arguments: String...) async throws -> String {
        let result = try await ShellScript.run(
            "/bin/bash", ["-c", "source \"$0\" && \"$@\"", try scriptPath(), function] + arguments
        )
        guard result.status == 0 else {
            throw ScriptFailed(description: "\(function) failed (\(result.status)): \(result.errors)")
        }
        return result.output
    }
}
