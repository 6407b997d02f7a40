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
        let status = try await BashScript.run(script, output: output)
        guard status == 0 else {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            throw EngineScriptFailed(command: command, status: status, output: text)
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
