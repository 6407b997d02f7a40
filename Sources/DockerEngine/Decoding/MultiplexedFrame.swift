import NIOCore

/// One record of Docker's multiplexed stream (`[type:1][0,0,0][size:UInt32 BE][payload]`), header removed.
///
/// A frame is not a line: with the json-file driver it is one stored entry (at most 16 KiB, so a long line spans
/// several frames), on attach and exec streams it is whatever the process wrote in one go. Use
/// ``LogLineAssembler`` to turn frames into lines.
public struct MultiplexedFrame: Sendable, Hashable {
    /// The stream the payload was written to.
    public var stream: LogStream
    /// The payload bytes exactly as sent, including any timestamp prefix and line terminators.
    public var payload: ByteBuffer

    /// Creates a frame from its stream and payload.
    public init(stream: LogStream, payload: ByteBuffer) {
        self.stream = stream
        self.payload = payload
    }
}
