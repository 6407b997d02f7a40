import Foundation

/// Runs bash scripts for tests (the repository's `scripts/lib/engine.sh` functions, a killed engine's restart).
///
/// Spawned and reaped by hand (``ChildProcess``) rather than with Foundation's `Process`, whose termination
/// handler never ran here when several tests started engines at once: the children stayed zombies and the
/// tests hung. Only the standard streams are passed on.
enum BashScript {
    /// Runs `script` with standard input from /dev/null and its output (both streams) in the file `output`;
    /// returns its exit status (128 + the signal when killed).
    static func run(_ script: String, output: String) async throws -> Int32 {
        // Closed on exec: only the child's dup2 copies of them survive (see ChildProcess.pipe).
        let input = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let file = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer {
            if input >= 0 { close(input) }
            if file >= 0 { close(file) }
        }
        guard input >= 0, file >= 0 else {
            throw EngineScriptFailed(command: script, status: -1, output: "cannot open \(output): \(String(cString: strerror(errno)))")
        }
        // Nothing else of this process leaks into the script, least of all into a dockerd it starts: an inherited
        // copy of a test server's listening socket or of a client connection keeps that connection open after the
        // test closed it, and the server's graceful shutdown then waits for it forever (ChildProcess sees to it).
        let pid = try ChildProcess.spawn(
            "/bin/bash", ["-c", script], environment: ProcessInfo.processInfo.environment, stdin: input, stdout: file, stderr: file
        )
        return await withCheckedContinuation { continuation in
            ChildProcess.whenExited(pid) { continuation.resume(returning: $0) }
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
