import Foundation
import NIOCore
import NIOPosix

extension LiveServer {
    /// Sends `request` as raw bytes on a new connection and returns the raw response (head and body).
    ///
    /// For requests the test client of HummingbirdTesting cannot send as written: it sets its own
    /// `Connection` header, which would turn a WebSocket upgrade request into a plain GET.
    func rawHTTP(_ request: String) async throws -> String {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(string: request))
            var response = ""
            for try await chunk in inbound {
                response += String(buffer: chunk)
                guard let headEnd = response.range(of: "\r\n\r\n") else { continue }
                let head = response[..<headEnd.lowerBound].lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if response[headEnd.upperBound...].utf8.count >= length { break }
            }
            return response
        }
    }
}
