import NIOCore

/// Turns multiplexed frames (non-TTY) or raw bytes (TTY) into ``LogLine``s.
///
/// Frames are not lines: a frame may hold several lines, a partial line, or one 16 KiB piece of a long line
/// (json-file driver), so a partial-line buffer is kept per stream and pieces are joined. With `timestamps`,
/// every frame of a logs stream starts with its own `2026-11-22T02:21:03.056988397Z ` prefix: it is stripped from
/// each frame that starts with one, and a line takes the timestamp of its first piece. In TTY mode the prefix is
/// looked for at the start of each line instead (the engine sends no frame boundaries to find it elsewhere, so
/// the prefix of the second 16 KiB piece of a very long TTY line stays in its text).
///
/// Lines end at `\n`; a `\r` just before it is dropped (TTY output always ends lines with `\r\n`, in either mode).
/// A line longer than `maxLineBytes` is emitted in pieces of at most that many bytes (cut at a UTF-8 character
/// boundary when one is near), all with the line's timestamp, so memory stays bounded. Invalid UTF-8 becomes
/// U+FFFD. stdin frames are dropped.
///
/// Use one assembler per stream, and either ``append(frame:)`` or ``append(raw:)``, never both.
public struct LogLineAssembler: Sendable {
    /// Whether the stream was requested with `timestamps=1`, so prefixes are looked for and stripped.
    public let timestamps: Bool
    /// The longest line emitted in one piece, in bytes of UTF-8.
    public let maxLineBytes: Int

    private var stdout = PartialLine(stream: .stdout)
    private var stderr = PartialLine(stream: .stderr)

    /// Creates an assembler; `maxLineBytes` is at least 1.
    public init(timestamps: Bool, maxLineBytes: Int = 256 * 1024) {
        self.timestamps = timestamps
        self.maxLineBytes = max(1, maxLineBytes)
    }

    /// Adds one multiplexed frame and returns the lines it completed (none for stdin or a partial line).
    public mutating func append(frame: MultiplexedFrame) -> [LogLine] {
        var lines: [LogLine] = []
        switch frame.stream {
        case .stdin:
            // Docker echoes stdin only on attach streams; it is never part of a container's output.
            break
        case .stdout:
            self.stdout.append(
                frame: frame.payload,
                timestamps: self.timestamps,
                limit: self.maxLineBytes,
                into: &lines
            )
        case .stderr:
            self.stderr.append(
                frame: frame.payload,
                timestamps: self.timestamps,
                limit: self.maxLineBytes,
                into: &lines
            )
        }
        return lines
    }

    /// Adds bytes of a TTY container's raw stream (stdout and stderr merged, reported as stdout) and returns the
    /// lines they completed. The bytes may be split anywhere, even inside `\r\n` or a timestamp.
    public mutating func append(raw: ByteBuffer) -> [LogLine] {
        var lines: [LogLine] = []
        self.stdout.append(raw: raw, timestamps: self.timestamps, limit: self.maxLineBytes, into: &lines)
        return lines
    }

    /// Ends the stream: returns each stream's last line if it had no newline (stdout first), and resets.
    public mutating func finish() -> [LogLine] {
        var lines: [LogLine] = []
        self.stdout.finish(limit: self.maxLineBytes, into: &lines)
        self.stderr.finish(limit: self.maxLineBytes, into: &lines)
        return lines
    }
}
