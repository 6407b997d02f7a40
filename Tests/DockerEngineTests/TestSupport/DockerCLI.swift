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

    static func stats(_ id: String) throws -> Stats {
        let output = try run(["stats", "--no-stream", "--format", "{{json .}}", id])
        return try JSONDecoder().decode(Stats.self, from: Data(output.utf8))
    }

    /// Runs the CLI with `-H` set to the test engine and returns its standard output.
    static func run(_ arguments: [String]) throws -> String {
        let environment = ProcessInfo.processInfo.environment
        let executable = environment["CAPSTAN_TEST_DOCKER_CLI"] ?? ["/usr/bin/docker", "/usr/local/bin/docker"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        guard let executable else { throw TestSetupError("no docker CLI: set CAPSTAN_TEST_DOCKER_CLI") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-H", try TestEngine.address] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestSetupError("docker \(arguments.joined(separator: " ")) exited with \(process.terminationStatus)")
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
