import Foundation

/// The docker CLI, run against the test engine, to compare our figures with what it prints.
enum DockerCLI {
    /// `docker stats --no-stream` for one container, as the CLI's JSON.
    struct Stats: Decodable {
        let CPUPerc: String
        let MemUsage: String
        let PIDs: String

        /// CPU % as a number.
        var cpuPercent: Double? { Double(CPUPerc.replacingOccurrences(of: "%", with: "")) }
        /// Memory used in bytes (`21.05MiB / 23.54GiB` → the first figure).
        var memoryBytes: Double? { DockerCLI.bytes(String(MemUsage.split(separator: "/").first ?? "")) }
    }

    static func stats(_ id: String) async throws -> Stats {
        let output = try await run(["stats", "--no-stream", "--format", "{{json .}}", id])
        return try JSONDecoder().decode(Stats.self, from: Data(output.utf8))
    }

    /// Runs the CLI with `-H` set to the test engine and returns its standard output.
    ///
    /// On a thread of its own: it blocks until the CLI exits (`docker stats` takes two seconds), and a
    /// blocked thread of the concurrency pool (one per core) stalls every other test in the process.
    static func run(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try runBlocking(arguments) }) }
        }
    }

    private static func runBlocking(_ arguments: [String]) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let executable = environment["CAPSTAN_TEST_DOCKER_CLI"] ?? ["/usr/bin/docker", "/usr/local/bin/docker"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let executable else { throw TestSetupError("no docker CLI: set CAPSTAN_TEST_DOCKER_CLI") }
        // posix_spawn, not Foundation's `Process`: its `run()` crashes now and then on Swift 6.3.1 for Linux
        // (a read past a `readdir` buffer while it lists /proc/self/fd, swift-corelibs-foundation #5472).
        var ends: [Int32] = [0, 0]
        // Close-on-exec (Glibc's pipe2 is not visible to Swift): only the dup2 copy reaches the child.
        guard pipe(&ends) == 0 else { throw TestSetupError("pipe failed") }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        let argv = [executable, "-H", try TestEngine.address] + arguments
        let cArguments = argv.map { strdup($0) }
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") }
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, cArguments + [nil], cEnvironment + [nil])
        close(ends[1])
        let reader = FileHandle(fileDescriptor: ends[0], closeOnDealloc: true)
        guard spawned == 0 else { throw TestSetupError("posix_spawn \(executable): \(String(cString: strerror(spawned)))") }
        let data = reader.readDataToEndOfFile()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        guard status == 0 else {
            throw TestSetupError("docker \(arguments.joined(separator: " ")) exited with status \(status)")
        }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Parses the CLI's binary units (`876KiB`, `5.277MiB`, `0B`).
    static func bytes(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("GiB", 1_073_741_824), ("MiB", 1_048_576), ("KiB", 1024), ("kB", 1000), ("MB", 1e6), ("GB", 1e9), ("B", 1)]
        for (suffix, factor) in units where trimmed.hasSuffix(suffix) {
            return Double(trimmed.dropLast(suffix.count)).map { $0 * factor }
        }
        return nil
    }
}
