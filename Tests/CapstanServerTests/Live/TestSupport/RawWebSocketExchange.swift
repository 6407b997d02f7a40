import NIOCore
import NIOPosix

/// A WebSocket connection made by hand on a plain TCP connection: it sends frames exactly as given (masked,
/// as a client must) and returns the server's frames as they are — what the WebSocket client library hides
/// (pongs, control frames) or will not send (a ping of our own, a malformed close).
enum RawWebSocketExchange {
    /// One frame as it came from the server.
    struct Frame: Sendable, Equatable {
        let fin: Bool
        let opcode: UInt8
        let payload: [UInt8]
    }

    /// A masked client frame (mask 0, so the payload reads as itself in a capture).
    static func clientFrame(opcode: UInt8, payload: [UInt8], fin: Bool = true) -> [UInt8] {
        precondition(payload.count < 126, "short frames only")
        return [(fin ? 0x80 : 0) | opcode, 0x80 | UInt8(payload.count), 0, 0, 0, 0] + payload
    }

    /// Upgrades `path` on `127.0.0.1:port`, sends `bytes` after the `101`, and returns the server's frames up to
    /// and including the first one `until` accepts (or all of them when the connection ends first). With
    /// `answerPings`, every ping is answered with its pong, as a WebSocket library would, `pongDelay` after it
    /// arrived (a slow client).
    static func exchange(
        port: Int, path: String, send bytes: [UInt8], answerPings: Bool = false, pongDelay: Duration = .zero,
        timeout: Duration = .seconds(20),
        until: @escaping @Sendable (Frame) -> Bool
    ) async throws -> [Frame] {
        try await withThrowingTaskGroup(of: [Frame].self) { group in
            group.addTask {
                try await run(port: port, path: path, send: bytes, answerPings: answerPings, pongDelay: pongDelay, until: until)
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw LiveTestFailure("no matching frame within \(timeout)")
            }
            let first = try await group.next() ?? []
            group.cancelAll()
            return first
        }
    }

    private static func run(
        port: Int, path: String, send bytes: [UInt8], answerPings: Bool, pongDelay: Duration, until: @Sendable (Frame) -> Bool
    ) async throws -> [Frame] {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            try await outbound.write(ByteBuffer(string: request))
            var received: [UInt8] = []
            var sent = false
            var answered = 0
            for try await chunk in inbound {
                received.append(contentsOf: chunk.readableBytesView)
                guard let (head, frames) = parse(received) else { continue }
                guard head.hasPrefix("HTTP/1.1 101") else { throw LiveTestFailure("not upgraded: \(head)") }
                if !sent {
                    sent = true
                    try await outbound.write(ByteBuffer(bytes: bytes))
                }
                if answerPings {
                    let pings = frames.filter { $0.opcode == 0x9 }
                    for ping in pings.dropFirst(answered) {
                        // A slow client's answer, not a way to order events: the server must ping on either way.
                        if pongDelay > .zero { try await Task.sleep(for: pongDelay) }
                        try await outbound.write(ByteBuffer(bytes: clientFrame(opcode: 0xA, payload: ping.payload)))
                    }
                    answered = pings.count
                }
                if let index = frames.firstIndex(where: until) { return Array(frames[...index]) }
            }
            return parse(received)?.frames ?? []
        }
    }

    /// The response head and every whole frame after it; nil while the head is incomplete. A pure function.
    static func parse(_ bytes: [UInt8]) -> (head: String, frames: [Frame])? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard bytes.count >= 4, let headEnd = (0...(bytes.count - 4)).first(where: { Array(bytes[$0..<$0 + 4]) == separator }) else {
            return nil
        }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        var frames: [Frame] = []
        var index = headEnd + 4
        while index + 2 <= bytes.count {
            var length = Int(bytes[index + 1] & 0x7F)
            var payload = index + 2
            if length == 126 {
                guard bytes.count >= index + 4 else { break }
                length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
                payload = index + 4
            } else if length == 127 {
                guard bytes.count >= index + 10 else { break }
                length = bytes[(index + 2)..<(index + 10)].reduce(0) { $0 << 8 | Int($1) }
                payload = index + 10
            }
            guard bytes.count >= payload + length else { break }
            frames.append(Frame(fin: bytes[index] & 0x80 != 0, opcode: bytes[index] & 0x0F, payload: Array(bytes[payload..<(payload + length)])))
            index = payload + length
        }
        return (head, frames)
    }
}
