import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts a program as a child process with posix_spawn, for the tests that run real binaries.
///
/// Not Foundation's `Process`: on Swift 6.3.1 for Linux its `run()` crashes now and then (a read past the
/// end of a `readdir` buffer while it lists /proc/self/fd, swift-corelibs-foundation #5472), and one such
/// crash took the whole test process down in CI. The child gets only the three descriptors given here: bash
/// closes every other inherited one before it execs the program, so a test server's
/// sockets never outlive the test in a child.
enum ChildProcess {
    /// Spawns `executable arguments…` with `environment` as its whole environment and the given descriptors
    /// as its standard streams; returns its pid.
    static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: Int32, stdout: Int32, stderr: Int32
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        let closeInherited = #"for fd in /proc/self/fd/*; do fd=${fd##*/}; if ((fd > 2)); then eval "exec $fd>&-" 2>/dev/null; fi; done"#
        let argv = ["/bin/bash", "-c", closeInherited + "\nexec \"$@\"", "capstan-test-child", executable] + arguments
        let cArguments = argv.map { strdup($0) }
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, cArguments + [nil], cEnvironment + [nil])
        guard spawned == 0 else { throw LiveTestFailure("posix_spawn \(executable): \(String(cString: strerror(spawned)))") }
        return pid
    }

    /// A pipe whose ends are closed on exec, so that no other child inherits them (only the `dup2` copies
    /// made for one child survive its exec).
    static func pipe() throws -> (read: Int32, write: Int32) {
        var ends: [Int32] = [0, 0]
        // Glibc's pipe2 is not visible to Swift: the flag is set right after (a spawn in between on another
        // thread could inherit the ends; its bash closes them before it execs anything).
        guard Glibc.pipe(&ends) == 0 else { throw LiveTestFailure("pipe: \(String(cString: strerror(errno)))") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        return (ends[0], ends[1])
    }

    /// Waits for `pid` on a thread of its own (waitpid blocks) and hands over its status: the exit code, or
    /// 128 + the signal that killed it.
    static func whenExited(_ pid: pid_t, _ body: @escaping @Sendable (Int32) -> Void) {
        Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
            let signal = status & 0x7f
            body(signal == 0 ? (status >> 8) & 0xff : 128 + signal)
        }.start()
    }
}
