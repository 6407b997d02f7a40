import Foundation
import Synchronization

/// The `capstan` executable run as a child process, its output collected as it comes.
///
/// The CLI tests run the real binary (built next to the test bundle by `swift build --build-tests`)
/// against a real server, the way a user would.
/// Spawned with ``ChildProcess`` (not Foundation's `Process`, which crashes now and then on this Swift).
final class CLIProcess: Sendable {
    /// What the process printed and how it ended, filled in by its handlers.
    private final class Record: Sendable {
        let output = Mutex((stdout: "", stderr: ""))
        let exited = Mutex<Int32?>(nil)
        /// Pipes read to their end (both: everything the process printed is in `output`).
        let closedPipes = Mutex(0)
    }

    private let pid: pid_t
    private let command: String
    private let record = Record()

    /// Where the `capstan` executable is: `CAPSTAN_BIN`, or next to the test bundle.
    static func executable() throws -> URL {
        if let given = ProcessInfo.processInfo.environment["CAPSTAN_BIN"], !given.isEmpty { return URL(fileURLWithPath: given) }
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [bundle, bundle.deletingLastPathComponent()] {
            let candidate = folder.appendingPathComponent("capstan")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw LiveTestFailure("no capstan executable next to \(bundle.path): run `swift build --build-tests` first")
    }

    /// Starts `capstan arguments…` (`environment` added to this process's; an empty value removes a variable), with `input` (a file) as standard input, or none.
    init(_ arguments: [String], environment: [String: String] = [:], input: FileHandle? = nil) throws {
        command = arguments.first ?? ""
        // An empty value in `environment` removes the variable.
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }.filter { !$0.value.isEmpty }
        let out = try ChildProcess.pipe()
        let err = try ChildProcess.pipe()
        let nullDevice = open("/dev/null", O_RDONLY | O_CLOEXEC)
        defer { if nullDevice >= 0 { close(nullDevice) } }
        do {
            pid = try ChildProcess.spawn(
                try Self.executable().path, arguments, environment: merged,
                stdin: input?.fileDescriptor ?? nullDevice, stdout: out.write, stderr: err.write
            )
        } catch {
            [out.read, out.write, err.read, err.write].forEach { close($0) }
            throw error
        }
        // The child has its copies; ours must go, or the pipes never reach their end.
        close(out.write)
        close(err.write)
        let record = self.record
        /// Collects a pipe's text as it comes, on a thread of its own that blocks in `read` until the pipe's end,
        /// then counts the pipe. Not a `FileHandle` readability handler: in one run both CLI tests' handlers
        /// stopped delivering (no output, no end) while the processes had printed and exited.
        func collect(_ descriptor: Int32, into keyPath: WritableKeyPath<(stdout: String, stderr: String), String> & Sendable) {
            Thread {
                var chunk = [UInt8](repeating: 0, count: 65536)
                while true {
                    let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { break }
                    let text = String(decoding: chunk[..<count], as: UTF8.self)
                    record.output.withLock { $0[keyPath: keyPath] += text }
                }
                close(descriptor)
                record.closedPipes.withLock { $0 += 1 }
            }.start()
        }
        collect(out.read, into: \.stdout)
        collect(err.read, into: \.stderr)
        ChildProcess.whenExited(pid) { status in record.exited.withLock { $0 = status } }
    }

    /// What it printed so far.
    var stdout: String { record.output.withLock { $0.stdout } }

    /// What it printed on standard error so far.
    var stderr: String { record.output.withLock { $0.stderr } }

    /// Its exit status, once it exited.
    var status: Int32? { record.exited.withLock { $0 } }

    /// Waits for it to exit on its own; returns its status.
    func finished(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let status = try await eventually("capstan \(command) to exit", timeout: timeout) { self.status }
        // The last output may still be in the pipes after the exit: wait for their ends too, and fail if they do
        // not come. This was a 5 s bound whose expiry was ignored; in one loaded CI run `capstan ps` exited 0 with
        // its header read but not the row the test looked for, which a half-read output would explain.
        _ = try await eventually("the end of the output of capstan \(command)", timeout: timeout) {
            record.closedPipes.withLock { $0 } == 2 ? true : nil
        }
        return status
    }

    /// Ends it (SIGTERM) if it still runs.
    func terminate() {
        if status == nil { kill(pid, SIGTERM) }
    }
}
