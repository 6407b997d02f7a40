import AsyncHTTPClient
import NIOCore

/// Log lines from `GET /containers/{id}/logs`, decoded as they arrive.
///
/// Multiplexed frames or a raw TTY stream, depending on how the container was created; each line
/// carries its stream and, when asked for, the engine's nanosecond timestamp. Ending the iteration
/// early (or cancelling the task) closes the engine connection.
public struct LogLineSequence: AsyncSequence, Sendable {
    /// A line.
    public typealias Element = LogLine

    let body: HTTPClientResponse.Body
    let transport: EngineTransport
    let tty: Bool
    let timestamps: Bool

    /// Iterates the lines.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(
            source: body.makeAsyncIterator(), transport: transport,
            decoder: LogStreamDecoder(tty: tty, timestamps: timestamps)
        )
    }

    /// Lines grouped as they arrived in one read: fewer suspensions for consumers that batch anyway.
    public var chunks: LogChunkSequence { LogChunkSequence(base: self) }

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var source: HTTPClientResponse.Body.AsyncIterator
        let transport: EngineTransport
        var decoder: LogStreamDecoder
        var pending: [LogLine] = []
        var index = 0
        var finished = false

        /// The next line, or nil when the stream ended (container stopped or removed, or not following).
        public mutating func next() async throws -> LogLine? {
            while true {
                if index < pending.count {
                    index += 1
                    return pending[index - 1]
                }
                guard let chunk = try await nextChunk() else { return nil }
                pending = chunk
                index = 0
            }
        }

        /// The lines completed by the next read, nil at the end.
        mutating func nextChunk() async throws -> [LogLine]? {
            while !finished {
                let buffer: ByteBuffer?
                do {
                    buffer = try await source.next()
                } catch {
                    throw transport.mapTransportError(error)
                }
                let lines: [LogLine]
                do {
                    if let buffer {
                        lines = try decoder.feed(buffer)
                    } else {
                        finished = true
                        lines = try decoder.finish()
                    }
                } catch {
                    throw DockerError(code: .invalidResponse, message: "malformed log stream: \(error)")
                }
                if !lines.isEmpty { return lines }
            }
            return nil
        }
    }
}

/// Log lines in the groups they arrived in (see ``LogLineSequence/chunks``).
public struct LogChunkSequence: AsyncSequence, Sendable {
    /// The lines of one read.
    public typealias Element = [LogLine]
    let base: LogLineSequence

    /// Iterates the groups.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: LogLineSequence.AsyncIterator
        /// The next non-empty group, nil at the end.
        public mutating func next() async throws -> [LogLine]? { try await base.nextChunk() }
    }
}
