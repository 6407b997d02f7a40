import Foundation
import Synchronization

/// The `capstan` executable run as a child process, its output collected as it comes.
///
/// The CLI tests run the real binary (built next to the test bundle by `swift build --build-tests`)
/// against a real server, the way a user would.
/// `@unchecked`: `Process` is not marked `Sendable`; it is only started here and then asked whether it
/// runs or told to terminate, which it allows from any thread.
final class CLIProcess: @unchecked Sendable {
    /// What the process printed and how it ended, filled in by its handlers.
    private final class Record: Sendable {
        let output = Mutex((stdout: "", stderr: ""))
        let exited = Mutex<Int32?>(nil)
        /// Pipes read to their end (both: everything the process printed is in `output`).
        let closedPipes = Mutex(0)
    }

    private let process: Process
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
        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments = arguments
        // An empty value in `environment` removes the variable.
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }.filter { !$0.value.isEmpty }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input ?? FileHandle.nullDevice
        self.process = process
        let record = self.record
        /// Collects a pipe's text as it comes, and counts the pipe once it reached its end.
        func collect(_ pipe: Pipe, into keyPath: WritableKeyPath<(stdout: String, stderr: String), String> & Sendable) {
            pipe.fileHandleForReading.readabilityHandler = { handle in
                let data = handle.availableData
                if data.isEmpty {
                    handle.readabilityHandler = nil
                    record.closedPipes.withLock { $0 += 1 }
                    return
                }
                let text = String(decoding: data, as: UTF8.self)
                record.output.withLock { $0[keyPath: keyPath] += text }
            }
        }
        collect(out, into: \.stdout)
        collect(err, into: \.stderr)
        process.terminationHandler = { process in
            let status = process.terminationStatus
            record.exited.withLock { $0 = status }
        }
        try process.run()
    }

    /// What it printed so far.
    var stdout: String { record.output.withLock { $0.stdout } }

    /// What it printed on standard error so far.
    var stderr: String { record.output.withLock { $0.stderr } }

    /// Its exit status, once it exited.
    var status: Int32? { record.exited.withLock { $0 } }

    /// Waits for it to exit on its own; returns its status.
    func finished(timeout: Duration = .seconds(30)) async throws -> Int32 {
        let command = process.arguments?.first ?? ""
        let status = try await eventually("capstan \(command) to exit", timeout: timeout) { self.status }
        // The last output may still be in the pipes for a moment after the exit: wait for their ends too
        // (bounded: a pipe whose end was not reported is read as far as it came).
        _ = try? await eventually("the output of capstan \(command)", timeout: .seconds(5)) {
            record.closedPipes.withLock { $0 } == 2 ? true : nil
        }
        return status
    }

    /// Ends it (SIGTERM) if it still runs.
    func terminate() {
        if process.isRunning { process.terminate() }
    }
}
