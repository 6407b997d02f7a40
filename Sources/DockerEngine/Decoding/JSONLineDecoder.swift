import NIOCore

/// Splits newline-delimited JSON (events, streamed stats, pull and build progress) into one buffer per line.
///
/// Empty and whitespace-only lines are skipped (the engine sends none, but proxies and keep-alives may); a `\r`
/// before the `\n` is dropped. A line longer than `maxLineBytes` throws ``DockerStreamError/lineTooLong``, as
/// soon as that many bytes have arrived without a newline, so memory stays bounded. ``decodeLast(buffer:seenEOF:)``
/// returns a final line that has no newline. The returned buffers are slices of the input: no copy.
public struct JSONLineDecoder: NIOSingleStepByteToMessageDecoder, Sendable {
    /// The decoded message: one line, without its terminator.
    public typealias InboundOut = ByteBuffer

    /// The longest line accepted, in bytes, terminator excluded.
    public let maxLineBytes: Int

    /// How many readable bytes at the front of the buffer are already known to hold no newline, so a long line
    /// arriving in small reads is scanned once, not once per read.
    private var scanned = 0

    /// Creates a decoder accepting lines of up to `maxLineBytes` bytes (8 MiB by default).
    public init(maxLineBytes: Int = 8 * 1024 * 1024) {
        self.maxLineBytes = maxLineBytes
    }

    /// Returns the next non-blank line, or `nil` until a newline arrives.
    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        while true {
            let view = buffer.readableBytesView
            guard let newline = view.dropFirst(self.scanned).firstIndex(of: UInt8(ascii: "\n")) else {
                self.scanned = view.count
                // One byte of slack: a `\r` that may belong to the terminator still to come.
                if view.count > self.maxLineBytes + 1 { throw self.tooLong(view.count) }
                return nil
            }
            let length = newline - view.startIndex
            self.scanned = 0
            var line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)
            if let line = try self.accept(&line) { return line }
        }
    }

    /// Returns the remaining lines at the end of the stream, the last one even without a newline.
    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        if let line = try self.decode(buffer: &buffer) { return line }
        guard buffer.readableBytes > 0 else { return nil }
        self.scanned = 0
        var line = buffer.readSlice(length: buffer.readableBytes)!
        return try self.accept(&line)
    }

    /// Drops a trailing `\r`, checks the length and skips blank lines.
    private func accept(_ line: inout ByteBuffer) throws -> ByteBuffer? {
        if line.readableBytesView.last == UInt8(ascii: "\r") {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        if line.readableBytes > self.maxLineBytes { throw self.tooLong(line.readableBytes) }
        let blank = line.readableBytesView.allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r")
        }
        return blank ? nil : line
    }

    private func tooLong(_ length: Int) -> DockerStreamError {
        DockerStreamError.lineTooLong.with(
            message: "JSON line of at least \(length) bytes exceeds the limit of \(self.maxLineBytes)"
        )
    }
}
