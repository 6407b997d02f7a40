/// The standard stream a log line or multiplexed frame belongs to.
///
/// The raw values are the names the wire format and the UI use (`"stdout"`), not Docker's frame type bytes
/// (0, 1, 2), which only ``MultiplexedFrameDecoder`` needs to know.
public enum LogStream: String, Sendable, Codable, Hashable, CaseIterable {
    /// The container's standard input, which Docker echoes back on attach streams only.
    case stdin
    /// The container's standard output; a TTY container's merged output is reported as this.
    case stdout
    /// The container's standard error.
    case stderr
}
