import Foundation

/// `capstan ARGUMENTS` run to its end, as a user runs a one-shot command (a ``CLIProcess`` waited for).
enum CapstanCommand {
    /// What a run left behind.
    struct Result: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    /// Runs it with `input` as standard input (none: /dev/null) and no CAPSTAN_* variables of the test's own
    /// environment; fails when it still runs after `timeout`.
    static func run(_ arguments: [String], input: String? = nil, timeout: Duration = .seconds(60)) async throws -> Result {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-in-\(UUID().uuidString.prefix(8))")
        try Data((input ?? "").utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let stdin = try FileHandle(forReadingFrom: file)
        defer { try? stdin.close() }
        let cleared = ProcessInfo.processInfo.environment.keys.filter { $0.hasPrefix("CAPSTAN_") && $0 != "CAPSTAN_BIN" }
        let process = try CLIProcess(
            arguments, environment: Dictionary(uniqueKeysWithValues: cleared.map { ($0, "") }), input: input == nil ? nil : stdin
        )
        do {
            let status = try await process.finished(timeout: timeout)
            return Result(status: status, output: process.stdout, errors: process.stderr)
        } catch {
            process.terminate()
            throw error
        }
    }
}
