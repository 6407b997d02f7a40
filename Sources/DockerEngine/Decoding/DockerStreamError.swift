/// An error found while decoding a byte stream from the Docker engine (log frames, JSON lines, stats).
///
/// A struct over a private code so that new cases can be added without breaking callers: compare with the static
/// members (`error == .frameTooLarge`); equality looks at the kind only, never at ``message``.
public struct DockerStreamError: Error, CustomStringConvertible, Equatable {
    private enum Code: String, Sendable, Equatable {
        case invalidFrameHeader
        case frameTooLarge
        case truncatedFrame
        case lineTooLong
        case invalidJSON
        case daemonError
    }

    private var code: Code

    /// What went wrong, with the details known at the point of failure (for logs, not for matching).
    public var message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// A multiplexed frame header had a stream type other than 0, 1, 2 (or 3, see ``daemonError``): the stream is
    /// not multiplexed (a TTY container?) or lost sync.
    public static var invalidFrameHeader: Self { .init(.invalidFrameHeader, "invalid multiplexed frame header") }

    /// A multiplexed frame announced a payload larger than the decoder's limit.
    public static var frameTooLarge: Self { .init(.frameTooLarge, "multiplexed frame larger than the limit") }

    /// The stream ended in the middle of a multiplexed frame.
    public static var truncatedFrame: Self { .init(.truncatedFrame, "stream ended inside a multiplexed frame") }

    /// A newline-delimited JSON line was longer than the decoder's limit.
    public static var lineTooLong: Self { .init(.lineTooLong, "JSON line longer than the limit") }

    /// A document could not be decoded as the expected JSON.
    public static var invalidJSON: Self { .init(.invalidJSON, "invalid JSON") }

    /// The engine reported an error inside a multiplexed stream (a frame of type 3, "systemerr"), for example
    /// `Error grabbing logs: ...`; ``message`` holds the engine's text.
    public static var daemonError: Self { .init(.daemonError, "the engine reported an error in the stream") }

    /// Returns the same kind of error with a more specific message.
    func with(message: String) -> Self {
        .init(self.code, message)
    }

    /// The kind and the message, e.g. `frameTooLarge: frame of 20000000 bytes exceeds 16777216`.
    public var description: String {
        "\(self.code.rawValue): \(self.message)"
    }

    /// Two errors are equal when they are of the same kind, whatever their messages.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code
    }
}
