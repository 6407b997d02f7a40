import NIOCore

/// Splits Docker's multiplexed stream (non-TTY logs, attach, exec) into ``MultiplexedFrame``s.
///
/// Each record is an 8-byte header `[type:1][0,0,0][size:UInt32 big-endian]` and then `size` payload bytes; type
/// 0, 1, 2 are stdin, stdout, stderr. Type 3 is the engine reporting an error in the stream (`Error grabbing
/// logs: ...`): the frame is consumed and ``DockerStreamError/daemonError`` is thrown with its text. Any other
/// type throws ``DockerStreamError/invalidFrameHeader`` — usually a TTY container's raw stream read as if it were
/// multiplexed (read `Config.Tty` first: API 1.41 sends no content type that says which).
///
/// A payload is only returned whole, so memory is bounded by `maxFrameSize` (plus one read).
public struct MultiplexedFrameDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    /// The decoded message: one whole frame.
    public typealias InboundOut = MultiplexedFrame

    /// The largest payload accepted; a larger announced size throws ``DockerStreamError/frameTooLarge`` at once,
    /// before any of it is buffered.
    public let maxFrameSize: Int

    static let headerSize = 8
    static let daemonErrorType: UInt8 = 3

    /// Creates a decoder accepting payloads of up to `maxFrameSize` bytes (16 MiB by default; the json-file
    /// driver never sends more than 16 KiB of text in one frame, attach streams send what the process wrote).
    public init(maxFrameSize: Int = 16 * 1024 * 1024) {
        self.maxFrameSize = maxFrameSize
    }

    /// Returns the next whole frame, or `nil` until enough bytes have arrived.
    public mutating func decode(buffer: inout ByteBuffer) throws -> MultiplexedFrame? {
        guard buffer.readableBytes >= Self.headerSize,
            let type = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self),
            let size = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self)
        else { return nil }

        let stream: LogStream
        switch type {
        case 0: stream = .stdin
        case 1: stream = .stdout
        case 2: stream = .stderr
        case Self.daemonErrorType: stream = .stderr  // Reported as an error below, once the payload is here.
        default:
            throw DockerStreamError.invalidFrameHeader.with(
                message: "stream type \(type) in a multiplexed frame header (expected 0, 1 or 2)"
            )
        }
        guard UInt64(size) <= UInt64(max(0, self.maxFrameSize)) else {
            throw DockerStreamError.frameTooLarge.with(
                message: "multiplexed frame of \(size) bytes exceeds the limit of \(self.maxFrameSize)"
            )
        }
        guard buffer.readableBytes - Self.headerSize >= Int(size) else { return nil }

        buffer.moveReaderIndex(forwardBy: Self.headerSize)
        let payload = buffer.readSlice(length: Int(size))!
        if type == Self.daemonErrorType {
            let text = String(decoding: payload.readableBytesView.prefix(4096), as: UTF8.self)
            throw DockerStreamError.daemonError.with(
                message: text.trimmingSuffix(while: \.isNewline)
            )
        }
        return MultiplexedFrame(stream: stream, payload: payload)
    }

    /// Returns the remaining whole frames at the end of the stream; leftover bytes that do not make a whole
    /// frame throw ``DockerStreamError/truncatedFrame`` (an empty remainder is a clean end).
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> MultiplexedFrame? {
        if let frame = try self.decode(buffer: &buffer) { return frame }
        guard buffer.readableBytes == 0 else {
            throw DockerStreamError.truncatedFrame.with(
                message: "stream ended with \(buffer.readableBytes) bytes of an incomplete multiplexed frame"
            )
        }
        return nil
    }
}

extension String {
    /// The string without the trailing characters matching `predicate`.
    fileprivate func trimmingSuffix(while predicate: (Character) -> Bool) -> String {
        var end = self.endIndex
        while end > self.startIndex, predicate(self[self.index(before: end)]) {
            end = self.index(before: end)
        }
        return String(self[..<end])
    }
}
