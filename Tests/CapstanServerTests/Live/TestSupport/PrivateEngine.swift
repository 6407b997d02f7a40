import DockerEngine
import Foundation

/// A Docker engine of one test's own, that the test may kill and start again: started with the
/// repository's `scripts/lib/engine.sh` in a short directory under /tmp, with the test image imported.
///
/// `capstan_engine_start` always wipes its directory, so a restart re-runs the killed dockerd's own
/// command line (read from /proc before the kill) on the same data-root: containers survive, as they
/// do when a real host's engine crashes and comes back.
struct PrivateEngine: Sendable {
    /// The engine's directory (`/tmp/cl-xxxxxxxx`).
    let directory: String

    /// The engine's address.
    var host: DockerHost {
        get throws { try DockerHost.parse("unix://\(directory)/docker.sock") }
    }

    /// Runs `body` with a fresh engine holding the test image; the engine is stopped and its directory
    /// removed afterwards, whatever happened.
    static func withEngine<T: Sendable>(image: String, _ body: @Sendable (PrivateEngine) async throws -> T) async throws -> T {
        let engine = PrivateEngine(directory: "/tmp/cl-\(UUID().uuidString.prefix(8).lowercased())")
        let outcome: Result<T, any Error>
        do {
            try await engine.library("capstan_engine_start \(engine.directory) && capstan_test_image \(engine.directory) \(image)")
            outcome = .success(try await body(engine))
        } catch {
            outcome = .failure(error)
        }
        do {
            try await engine.library("capstan_engine_stop \(engine.directory)")
        } catch {
            if case .success = outcome { throw error }
        }
        return try outcome.get()
    }

    /// Kills dockerd with SIGKILL (no shutdown of any kind) and waits until it is gone; its command line
    /// is kept for ``restart()``.
    func kill() async throws {
        try await Self.shell(
            """
            set -e
            pid=$(cat \(directory)/docker.pid)
            tr '\\0' '\\n' < /proc/$pid/cmdline > \(directory)/dockerd.argv
            kill -9 $pid
            while kill -0 $pid 2>/dev/null; do sleep 0.05; done
            """
        )
    }

    /// Starts dockerd again with the killed one's command line, on the same data-root; returns once it answers.
    func restart() async throws {
        try await Self.shell(
            """
            set -e
            mapfile -t argv < \(directory)/dockerd.argv
            setsid "${argv[@]}" >>\(directory)/dockerd.log 2>&1 </dev/null &
            echo $! > \(directory)/dockerd.launch-pid
            for _ in $(seq 600); do
              curl -fsS --max-time 2 --unix-socket \(directory)/docker.sock http://localhost/_ping >/dev/null 2>&1 && exit 0
              sleep 0.1
            done
            echo "dockerd in \(directory) did not come back" >&2
            tail -n 30 \(directory)/dockerd.log >&2
            exit 1
            """
        )
    }

    /// Runs a function of `scripts/lib/engine.sh`.
    private func library(_ command: String) async throws {
        let library = Self.repository.appendingPathComponent("scripts/lib/engine.sh").path
        try await Self.shell("source \(library); \(command)")
    }

    /// The repository root, from this file's path.
    private static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private static func shell(_ script: String) async throws { try await BashScript.run(script) }
}
