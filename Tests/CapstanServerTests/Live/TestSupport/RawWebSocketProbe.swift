import Foundation
import NIOCore
import NIOPosix

/// A WebSocket handshake done by hand on a plain TCP connection, reading exactly what the server sends
/// after its `101`: how a test sees a close the server sends right after the upgrade.
///
/// The WebSocket client library was seen to miss such a close now and then (when it arrives in the same
/// read as the `101`) and wait forever; this probe reads the bytes themselves, so what it checks is the
/// server's behaviour alone.
enum RawWebSocketProbe {
    /// The server's first close frame after the upgrade: its code and reason (nil when the upgrade was refused
    /// or the connection ended without a close frame).
    struct Close: Sendable, Equatable {
        let code: UInt16
        let reason: String
        /// Text frames the server sent before its close (a refused connection gets none: not even a `welcome`).
        var textFramesBefore = 0
    }

    /// Upgrades `path` on `127.0.0.1:port` and returns the first close frame the server sends.
    static func firstClose(port: Int, path: String, timeout: Duration = .seconds(20)) async throws -> Close? {
        try await withThrowingTaskGroup(of: Close?.self) { group in
            group.addTask { try await exchange(port: port, path: path) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw LiveTestFailure("no close frame within \(timeout)")
            }
            let first = try await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private static func exchange(port: Int, path: String) async throws -> Close? {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        return try await channel.executeThenClose { inbound, outbound in
            let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
            try await outbound.write(ByteBuffer(string: request))
            var received: [UInt8] = []
            for try await chunk in inbound {
                received.append(contentsOf: chunk.readableBytesView)
                switch parse(received) {
                case .needMore: continue
                case .notUpgraded: return nil
                case .close(let close):
                    // Answer the close (masked, as a client must) so the server ends the connection at once.
                    var reply = ByteBuffer(bytes: [0x88, 0x82, 0, 0, 0, 0])
                    reply.writeInteger(close.code)
                    try? await outbound.write(reply)
                    return close
                }
            }
            return nil
        }
    }

    enum Parsed: Equatable {
        case needMore
        case notUpgraded
        case close(Close)
    }

    /// Reads the response head and the frames after it; a pure function of the bytes so far.
    static func parse(_ bytes: [UInt8]) -> Parsed {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let headEnd = (0...max(0, bytes.count - 4)).first(where: { bytes.count >= $0 + 4 && Array(bytes[$0..<$0 + 4]) == separator }) else {
            return .needMore
        }
        let head = String(decoding: bytes[..<headEnd], as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 101") else { return .notUpgraded }
        var index = headEnd + 4
        var texts = 0
        while index + 2 <= bytes.count {
            let opcode = bytes[index] & 0x0F
            var length = Int(bytes[index + 1] & 0x7F)
            var payload = index + 2
            if length == 126 {
                guard bytes.count >= index + 4 else { return .needMore }
                length = Int(bytes[index + 2]) << 8 | Int(bytes[index + 3])
                payload = index + 4
            } else if length == 127 {
                guard bytes.count >= index + 10 else { return .needMore }
                length = bytes[(index + 2)..<(index + 10)].reduce(0) { $0 << 8 | Int($1) }
                payload = index + 10
            }
            guard bytes.count >= payload + length else { return .needMore }
            if opcode == 0x8 {
                guard length >= 2 else { return .close(Close(code: 1005, reason: "", textFramesBefore: texts)) }
                let code = UInt16(bytes[payload]) << 8 | UInt16(bytes[payload + 1])
                let reason = String(decoding: bytes[(payload + 2)..<(payload + length)], as: UTF8.self)
                return .close(Close(code: code, reason: reason, textFramesBefore: texts))
            }
            if opcode == 0x1 { texts += 1 }
            index = payload + length
        }
        return .needMore
    }
}
