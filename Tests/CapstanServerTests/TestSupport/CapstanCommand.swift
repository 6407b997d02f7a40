import Foundation

/// The `capstan` executable built next to this test bundle (or `CAPSTAN_BIN`), run as a user would run it.
enum CapstanCommand {
    /// What a run left behind.
    struct Result: Sendable {
        var status: Int32
        var output: String
        var errors: String
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The executable's path.
    static func executable() throws -> String {
        if let given = ProcessInfo.processInfo.environment["CAPSTAN_BIN"], !given.isEmpty { return given }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("capstan").path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw Failure(description: "no capstan executable at \(beside): build the package first or set CAPSTAN_BIN")
        }
        return beside
    }

    /// Runs `capstan ARGUMENTS` with `input` as standard input (none: /dev/null) and a clean CAPSTAN_* environment;
    /// ends it (and fails) when it is still running after `timeout`.
    static func run(_ arguments: [String], input: String? = nil, timeout: Duration = .seconds(60)) async throws -> Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-cmd-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = ["out", "err", "in"].map { folder.appendingPathComponent($0) }
        for path in paths { FileManager.default.createFile(atPath: path.path, contents: nil) }
        try Data((input ?? "").utf8).write(to: paths[2])
        let out = try FileHandle(forWritingTo: paths[0])
        let err = try FileHandle(forWritingTo: paths[1])
        let stdin = try FileHandle(forReadingFrom: paths[2])
        defer { try? out.close(); try? err.close(); try? stdin.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable())
        process.arguments = arguments
        // Output goes to files, not pipes: nothing can block on a full pipe.
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CAPSTAN_") }
        let status: Int32 = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                    do {
                        try process.run()
                    } catch {
                        process.terminationHandler = nil
                        continuation.resume(throwing: error)
                    }
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            if first == nil {
                process.terminate()
                _ = try await group.next()
                throw Failure(description: "capstan \(arguments.joined(separator: " ")) still ran after \(timeout)")
            }
            group.cancelAll()
            return first!
        }
        let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        return Result(status: status, output: read(paths[0]), errors: read(paths[1]))
    }
}
