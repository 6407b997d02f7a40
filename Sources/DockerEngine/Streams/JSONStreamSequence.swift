import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// A streaming engine answer of one JSON object per line, decoded into `Element`s.
///
/// Used for events, pull/import progress and raw stats. Ending the iteration early (or cancelling
/// the task) closes the engine connection.
public struct JSONStreamSequence<Element: Decodable & Sendable>: AsyncSequence, Sendable {
    let body: HTTPClientResponse.Body
    let transport: EngineTransport

    init(body: HTTPClientResponse.Body, transport: EngineTransport) {
        self.body = body
        self.transport = transport
    }

    /// Iterates the decoded objects.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(source: body.makeAsyncIterator(), transport: transport)
    }

    /// The iterator: pulls body chunks, splits lines, decodes each.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var source: HTTPClientResponse.Body.AsyncIterator
        let transport: EngineTransport
        var splitter = JSONLineStream()
        var pending: [ByteBuffer] = []
        var index = 0
        var finished = false
        let decoder = JSONDecoder()

        /// The next object, or nil when the engine ended the stream.
        public mutating func next() async throws -> Element? {
            while true {
                if index < pending.count {
                    let line = pending[index]
                    index += 1
                    return try EngineTransport.decodeJSON(Element.self, from: line)
                }
                if finished { return nil }
                pending.removeAll(keepingCapacity: true)
                index = 0
                let chunk: ByteBuffer?
                do {
                    chunk = try await source.next()
                } catch {
                    throw transport.mapTransportError(error)
                }
                do {
                    if let chunk {
                        pending = try splitter.feed(chunk)
                    } else {
                        finished = true
                        pending = try splitter.finish()
                    }
                } catch {
                    throw DockerError(code: .invalidResponse, message: "malformed engine stream: \(error)")
                }
            }
        }
    }
}

/// Engine events, as returned by ``DockerClient/events(since:until:filters:)``.
public typealias DockerEventSequence = JSONStreamSequence<DockerEvent>

/// Pull, import and load progress lines.
public typealias ProgressSequence = JSONStreamSequence<ProgressMessage>
