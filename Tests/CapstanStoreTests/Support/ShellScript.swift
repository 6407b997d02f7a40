#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Runs a command to completion on a thread of its own and returns its exit status and output.
///
/// posix_spawn + waitpid rather than Foundation's `Process`: on Linux, `Process.waitUntilExit()` was seen to
/// hang inside the test runner after the child had already exited (a zombie nobody reaped). Output goes to
/// temporary files, not pipes, so a daemon the command leaves behind cannot hold our read end open.
enum ShellScript {
    struct Result: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try runBlocking(executable, arguments) })
            }
        }
    }

    struct SpawnFailed: Error, CustomStringConvertible {
        var description: String
    }

    private static func runBlocking(_ executable: String, _ arguments: [String]) throws -> Result {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-sh-\(UUID().uuidString)")
        let outPath = base.path + ".out"
        let errPath = base.path + ".err"
        defer {
            unlink(outPath)
            unlink(errPath)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else { throw SpawnFailed(description: "posix_spawn \(executable): errno \(spawned)") }

        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw SpawnFailed(description: "waitpid: errno \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS, spelled out (the C macros are not imported).
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Result(status: exitStatus, output: output, errors: errors)
    }
}
