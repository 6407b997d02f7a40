import Foundation

/// Runs bash scripts for tests (the repository's `scripts/lib/engine.sh` functions, a killed engine's restart).
///
/// Spawned and reaped by hand rather than with Foundation's `Process`, whose termination handler never ran
/// here when several tests started engines at once: the children stayed zombies and the tests hung. Only
/// the standard streams are passed on (see ``run(_:output:)``).
enum BashScript {
    /// Runs `script` with standard input from /dev/null and its output (both streams) in the file `output`;
    /// returns its exit status (128 + the signal when killed).
    static func run(_ script: String, output: String) async throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Nothing else of this process may leak into the script, least of all into a dockerd it starts: an
        // inherited copy of a test server's listening socket or of a client connection keeps that connection
        // open after the test closed it, and the server's graceful shutdown then waits for it forever. (Swift
        // does not see glibc's posix_spawn_file_actions_addclosefrom_np, so bash closes them first.)
        let closeInherited = #"for fd in /proc/self/fd/*; do fd=${fd##*/}; if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null; fi; done"#
        let argv: [String] = ["/bin/bash", "-c", closeInherited + "\n" + script]
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

    /// Runs `script`; throws with its output when it fails, returns the output otherwise.
    @discardableResult
    static func run(_ script: String) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-sh-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let status = try await run(script, output: output)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw EngineScriptFailed(command: script, status: status, output: text) }
        return text
    }
}
