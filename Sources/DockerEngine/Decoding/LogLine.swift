/// One line of container output, as decoded from a logs, attach or exec stream.
public struct LogLine: Sendable, Hashable, Codable {
    /// The engine's timestamp for the line (the one of its first piece), or `nil` when the stream was requested
    /// without `timestamps=1` or the line carried no valid timestamp.
    public var timestamp: DockerTimestamp?
    /// The stream the line was written to; always ``LogStream/stdout`` for a TTY container.
    public var stream: LogStream
    /// The line's text without its terminator (`\n` or `\r\n`) or timestamp prefix; invalid UTF-8 is replaced
    /// with U+FFFD.
    public var text: String

    /// Creates a line.
    public init(timestamp: DockerTimestamp?, stream: LogStream, text: String) {
        self.timestamp = timestamp
        self.stream = stream
        self.text = text
    }
}
