/// What part of a container's log to read.
public struct LogOptions: Sendable, Hashable {
    /// Include stdout.
    public var stdout: Bool
    /// Include stderr.
    public var stderr: Bool
    /// Only lines at or after this time (the engine's `since` is inclusive).
    public var since: DockerTimestamp?
    /// Only lines before this time.
    public var until: DockerTimestamp?
    /// Ask the engine for each line's timestamp (needed to resume without duplicates).
    public var timestamps: Bool
    /// Only the last N lines (nil: all).
    public var tail: Int?

    /// Creates options; by default both streams, with timestamps, the whole log.
    public init(
        stdout: Bool = true, stderr: Bool = true, since: DockerTimestamp? = nil, until: DockerTimestamp? = nil,
        timestamps: Bool = true, tail: Int? = nil
    ) {
        self.stdout = stdout
        self.stderr = stderr
        self.since = since
        self.until = until
        self.timestamps = timestamps
        self.tail = tail
    }

    /// The query parameters.
    func query(follow: Bool) -> [(String, String)] {
        var query: [(String, String)] = [
            ("stdout", stdout ? "1" : "0"), ("stderr", stderr ? "1" : "0"), ("follow", follow ? "1" : "0"),
            ("timestamps", timestamps ? "1" : "0"),
            // tail=-1 or garbage would silently mean "all": only ever send "all" or a count ≥ 0.
            ("tail", tail.map { String(max(0, $0)) } ?? "all"),
        ]
        if let since { query.append(("since", since.queryValue)) }
        if let until { query.append(("until", until.queryValue)) }
        return query
    }
}
