import NIOCore

/// ``JSONLineDecoder`` with a feed/finish API, for I/O code that reads a response body without NIO channel
/// machinery: feed it each chunk, get back the complete lines.
///
/// Errors: once ``feed(_:)`` has thrown ``DockerStreamError/lineTooLong`` the stream is broken and every later
/// ``feed(_:)`` throws it again; the lines decoded before it in that call are not lost, the next ``finish()``
/// returns them (and does not throw).
public struct JSONLineStream: Sendable {
    private var decoder: JSONLineDecoder
    private var pending = ByteBuffer()
    private var failure: DockerStreamError?
    private var salvaged: [ByteBuffer] = []

    /// Consumed bytes are discarded once this many have piled up at the front of a partial line's buffer.
    static let discardThreshold = 64 * 1024

    /// Creates a stream splitter accepting lines of up to `maxLineBytes` bytes (8 MiB by default).
    public init(maxLineBytes: Int = 8 * 1024 * 1024) {
        self.decoder = JSONLineDecoder(maxLineBytes: maxLineBytes)
    }

    /// Adds the next bytes and returns the non-blank lines they completed, without terminators.
    public mutating func feed(_ buffer: ByteBuffer) throws -> [ByteBuffer] {
        if let failure = self.failure { throw failure }
        var buffer = buffer
        if self.pending.readableBytes == 0 {
            self.pending = buffer
        } else {
            self.pending.writeBuffer(&buffer)
        }
        var lines: [ByteBuffer] = []
        do {
            while let line = try self.decoder.decode(buffer: &self.pending) { lines.append(line) }
        } catch let error as DockerStreamError {
            self.failure = error
            self.salvaged = lines
            self.pending = ByteBuffer()
            throw error
        }
        if self.pending.readableBytes == 0 {
            self.pending = ByteBuffer()
        } else if self.pending.readerIndex >= Self.discardThreshold {
            self.pending.discardReadBytes()
        }
        return lines
    }

    /// Ends the stream and returns the remaining lines, the last one even without a newline.
    public mutating func finish() throws -> [ByteBuffer] {
        if self.failure != nil {
            defer { self.salvaged = [] }
            return self.salvaged
        }
        var lines: [ByteBuffer] = []
        while let line = try self.decoder.decodeLast(buffer: &self.pending, seenEOF: true) { lines.append(line) }
        self.pending = ByteBuffer()
        return lines
    }
}
