import NIOCore
import NIOSSL

/// A piece of an exec process's output, as the engine sent it.
///
/// Without a TTY it is the payload of one multiplexed frame (whatever the process wrote in one go, not a
/// line); with a TTY it is one read of the raw terminal stream, reported as `stdout` (the terminal merges
/// the streams, echoes the input and ends lines with `\r\n`).
public struct ExecOutput: Sendable, Hashable {
    /// The stream the bytes were written to (`stdout` for everything with a TTY).
    public var stream: LogStream
    /// The bytes.
    public var bytes: ByteBuffer

    /// Creates a piece of output.
    public init(stream: LogStream, bytes: ByteBuffer) {
        self.stream = stream
        self.bytes = bytes
    }

    /// The bytes as UTF-8 text (invalid sequences replaced; a chunk may end inside a character).
    public var text: String { String(buffer: bytes) }
}

/// The output of an exec session, decoded as it arrives; it ends when the engine closes the stream (the
/// process exited, or stdin was closed on a TTY session).
///
/// Single pass: iterate it once (a second iterator traps). Failures are ``DockerError``s: `invalidResponse`
/// for a malformed frame, `streamFailed` when the connection breaks part way.
public struct ExecOutputSequence: AsyncSequence, Sendable {
    /// A piece of output.
    public typealias Element = ExecOutput

    let inbound: NIOAsyncChannelInboundStream<ByteBuffer>
    let tty: Bool

    /// Iterates the output.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: inbound.makeAsyncIterator(), decoder: tty ? nil : MultiplexedFrameDecoder())
    }

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var source: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
        var decoder: MultiplexedFrameDecoder?
        var pending = ByteBuffer()
        var finished = false

        /// The next piece of output, or nil at the end of the stream.
        public mutating func next() async throws -> ExecOutput? {
            while true {
                if var decoder {
                    let frame: MultiplexedFrame?
                    do {
                        frame = finished ? try decoder.decodeLast(buffer: &pending, seenEOF: true) : try decoder.decode(buffer: &pending)
                    } catch {
                        throw DockerError(code: .invalidResponse, message: "malformed exec stream: \(error)")
                    }
                    self.decoder = decoder
                    if let frame { return ExecOutput(stream: frame.stream, bytes: frame.payload) }
                    if pending.readableBytes == 0 { pending.clear() }
                }
                if finished { return nil }
                guard let buffer = try await read() else {
                    finished = true
                    continue
                }
                if decoder == nil {
                    if buffer.readableBytes > 0 { return ExecOutput(stream: .stdout, bytes: buffer) }
                } else {
                    var buffer = buffer
                    pending.writeBuffer(&buffer)
                }
            }
        }

        private mutating func read() async throws -> ByteBuffer? {
            do {
                return try await source.next()
            } catch let error as NIOSSLError where error == .uncleanShutdown {
                // A peer that closes TCP without close_notify after the output ended: nothing was lost.
                return nil
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                throw DockerError(code: .streamFailed, message: "the exec stream from the Docker engine broke: \(error)")
            }
        }
    }
}
