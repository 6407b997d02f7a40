import NIOCore

/// Decodes the body of a logs, attach or exec response into ``LogLine``s, fed with the bytes as they arrive.
///
/// Non-TTY streams go through ``MultiplexedFrameDecoder`` and ``LogLineAssembler``; TTY streams (read
/// `Config.Tty` from inspect: API 1.41 does not say which it is) go straight to the assembler. Consumed bytes are
/// discarded, so memory is bounded by one frame plus the partial lines.
///
/// Errors: once ``feed(_:)`` or ``finish()`` has thrown, the stream is broken (framing lost, or the engine
/// reported an error in it) and ``feed(_:)`` throws the same error again. The lines decoded before the error are
/// not lost: the next ``finish()`` returns them with the flushed partial lines, and does not throw. So a caller
/// that wants every line writes `catch { lines = (try? decoder.finish()) ?? [] }`.
public struct LogStreamDecoder: Sendable {
    /// Whether the stream is a TTY container's raw stream rather than multiplexed frames.
    public let tty: Bool

    private var frames = MultiplexedFrameDecoder()
    private var assembler: LogLineAssembler
    private var pending = ByteBuffer()
    private var failure: DockerStreamError?
    private var salvaged: [LogLine] = []

    /// Above this many consumed bytes at the front of the buffer they are discarded even while a frame is
    /// incomplete; below it only when the buffer is empty, so small frames cost no copying.
    static let discardThreshold = 64 * 1024

    /// Creates a decoder for a stream requested with or without `timestamps=1`.
    public init(tty: Bool, timestamps: Bool, maxLineBytes: Int = 256 * 1024) {
        self.tty = tty
        self.assembler = LogLineAssembler(timestamps: timestamps, maxLineBytes: maxLineBytes)
    }

    /// Adds the next bytes of the body and returns the lines they completed.
    ///
    /// Throws ``DockerStreamError/invalidFrameHeader``, ``DockerStreamError/frameTooLarge`` or
    /// ``DockerStreamError/daemonError`` (never in TTY mode).
    public mutating func feed(_ buffer: ByteBuffer) throws -> [LogLine] {
        if let failure = self.failure { throw failure }
        if self.tty { return self.assembler.append(raw: buffer) }

        var buffer = buffer
        if self.pending.readableBytes == 0 {
            self.pending = buffer  // No copy in the common case of a read holding whole frames.
        } else {
            self.pending.writeBuffer(&buffer)
        }

        var lines: [LogLine] = []
        do {
            while let frame = try self.frames.decode(buffer: &self.pending) {
                lines += self.assembler.append(frame: frame)
            }
        } catch let error as DockerStreamError {
            try self.fail(error, keeping: lines)
        }
        self.discardConsumedBytes()
        return lines
    }

    /// Ends the stream and returns the remaining lines, including each stream's last line without a newline.
    ///
    /// Throws ``DockerStreamError/truncatedFrame`` if the body stopped inside a frame; the lines are then returned
    /// by the next call.
    public mutating func finish() throws -> [LogLine] {
        if self.failure != nil {
            defer { self.salvaged = [] }
            return self.salvaged + self.assembler.finish()
        }
        var lines: [LogLine] = []
        if !self.tty {
            do {
                while let frame = try self.frames.decodeLast(buffer: &self.pending, seenEOF: true) {
                    lines += self.assembler.append(frame: frame)
                }
            } catch let error as DockerStreamError {
                try self.fail(error, keeping: lines)
            }
        }
        return lines + self.assembler.finish()
    }

    private mutating func fail(_ error: DockerStreamError, keeping lines: [LogLine]) throws -> Never {
        self.failure = error
        self.salvaged = lines
        self.pending = ByteBuffer()
        throw error
    }

    private mutating func discardConsumedBytes() {
        if self.pending.readableBytes == 0 {
            // Let go of the storage (maybe a large read shared with the caller) rather than clearing it.
            self.pending = ByteBuffer()
        } else if self.pending.readerIndex >= Self.discardThreshold {
            self.pending.discardReadBytes()
        }
    }
}
