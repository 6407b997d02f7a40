/// The answer of the non-streaming logs endpoint.
public struct LogsView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// The container.
    public var container: String
    /// The lines, oldest first.
    public var lines: [LogLineView]

    /// Creates a view.
    public init(engine: String, container: String, lines: [LogLineView]) {
        self.engine = engine
        self.container = container
        self.lines = lines
    }
}

/// One log line.
public struct LogLineView: Codable, Sendable, Hashable {
    /// The engine's timestamp, RFC 3339 with nanoseconds (absent when not asked for).
    public var ts: String?
    /// `stdout` or `stderr`.
    public var stream: String
    /// The text, without the line end.
    public var text: String

    /// Creates a view.
    public init(ts: String?, stream: String, text: String) {
        self.ts = ts
        self.stream = stream
        self.text = text
    }
}
