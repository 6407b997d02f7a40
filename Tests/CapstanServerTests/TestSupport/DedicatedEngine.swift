import DockerEngine
import Foundation

/// A Docker engine started for one test, for what cannot be scoped on the shared test engine.
///
/// A prune removes every unused object of its kind, whichever test or test target made it, and the
/// prune routes take no filters; two prunes of one kind at once even fail with 409 ("a prune
/// operation is already running"). So the prune tests run on an engine of their own, started with the
/// repository's `scripts/lib/engine.sh` (what `scripts/test` uses) with the test image imported.
enum DedicatedEngine {
    /// Runs `body` with a fresh engine; it is stopped and its directory removed afterwards, whatever happened.
    static func withEngine<T: Sendable>(image: String, _ body: (DockerHost) async throws -> T) async throws -> T {
        // Short: the engine's unix socket paths must stay under 108 bytes.
        let directory = "/tmp/cst-\(UUID().uuidString.prefix(8).lowercased())"
        let outcome: Result<T, any Error>
        do {
            try await library("capstan_engine_start \(directory) && capstan_test_image \(directory) \(image)")
            outcome = .success(try await body(DockerHost(endpoint: .unix(path: "\(directory)/docker.sock"))))
        } catch {
            outcome = .failure(error)
        }
        do {
            try await library("capstan_engine_stop \(directory)")
        } catch {
            if case .success = outcome { throw error }
        }
        return try outcome.get()
    }

    /// The repository root, from this file's path (`Tests/CapstanServerTests/TestSupport/…`).
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs functions of `scripts/lib/engine.sh` in bash; throws with their output when they fail.
    private static func library(_ command: String) async throws {
        let script = "source '\(repository.appendingPathComponent("scripts/lib/engine.sh").path)'; \(command)"
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-engine-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = try await bash(script, output: output)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw EngineScriptFailed(command: command, status: status, output: text)
        }
    }

    /// Runs a bash script with its output in a file; returns its exit status (128 + the signal when killed).
    ///
    /// Spawned and reaped by hand rather than with Foundation's `Process`, whose termination handler
    /// never ran here when several tests started engines at once (the children stayed zombies).
    private static func bash(_ script: String, output: String) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [String] = ["/bin/bash", "-c", script]
        let arguments = argv.map { strdup($0) }
        let environment = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (arguments + environment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, arguments + [nil], environment + [nil])
        guard spawned == 0 else {
            throw EngineScriptFailed(command: script, status: -1, output: "posix_spawn failed: \(String(cString: strerror(spawned)))")
        }
        // waitpid blocks: a thread of its own, not one of the concurrency pool's.
        let child = pid
        return await withCheckedContinuation { continuation in
            Thread {
                var status: Int32 = 0
                while waitpid(child, &status, 0) == -1 && errno == EINTR {}
                let signal = status & 0x7f
                continuation.resume(returning: signal == 0 ? (status >> 8) & 0xff : 128 + signal)
            }.start()
        }
    }
}

/// A `scripts/lib/engine.sh` function failed.
struct EngineScriptFailed: Error, CustomStringConvertible {
    let command: String
    let status: Int32
    let output: String
    var description: String { "`\(command)` exited with \(status):\n\(output.suffix(4000))" }
}
