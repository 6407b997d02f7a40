import CapstanWire
import NIOCore
import NIOWebSocket
import Testing

/// The WebSocket protocol as the live endpoint speaks it (its ``LiveSocket``, not a library's): control
/// frames, fragments, UTF-8, the close handshake, and requests answered in order.
@Suite(.timeLimit(.minutes(3)))
struct LiveSocketTests {
    private typealias Raw = RawWebSocketExchange

    @Test func aPingIsAnsweredWithAPongCarryingItsPayload() async throws {
        try await withLiveServer { server in
            let payload = Array("are you there".utf8)
            let frames = try await Raw.exchange(port: server.port, path: Self.path(server), send: Raw.clientFrame(opcode: 0x9, payload: payload)) {
                $0.opcode == 0xA
            }
            #expect(frames.last == Raw.Frame(fin: true, opcode: 0xA, payload: payload))
            #expect(frames.first?.opcode == 0x1, "the welcome comes first")
        }
    }

    @Test func aClientThatAnswersIsPingedAgainEvenWhenItAnswersLate() async throws {
        try await withLiveServer { configuration in
            configuration.live.pingInterval = .milliseconds(300)
            // Far longer than the exchange may take (20 s): a ping that waited for the timeout instead of the
            // interval would never come in time.
            configuration.live.pingTimeout = .seconds(60)
        } _: { server in
            let start = ContinuousClock.now
            // Each pong comes after the next ping was due: the server pings again as soon as it arrives.
            let frames = try await Raw.exchange(
                port: server.port, path: Self.path(server), send: [], answerPings: true, pongDelay: .milliseconds(500)
            ) { frame in
                frame.opcode == 0x9 && frame.payload.last == 4
            }
            #expect(frames.filter { $0.opcode == 0x9 }.map(\.payload.last) == [1, 2, 3, 4], "pings carry a counter")
            #expect(ContinuousClock.now - start >= .milliseconds(900), "an interval apart")
            #expect(!frames.contains { $0.opcode == 0x8 }, "not closed")
        }
    }

    @Test func theClientsCloseIsAnsweredAndTheServerEndsTheConnection() async throws {
        try await withLiveServer { server in
            // 4321 "bye": a private-use code, answered with a normal close; then the server closes the TCP connection
            // (the exchange returns when it ends).
            let frames = try await Raw.exchange(
                port: server.port, path: Self.path(server), send: Raw.clientFrame(opcode: 0x8, payload: [0x10, 0xE1] + Array("bye".utf8))
            ) { _ in false }
            #expect(frames.last == Raw.Frame(fin: true, opcode: 0x8, payload: [0x03, 0xE8]))
        }
    }

    @Test(arguments: [
        ("a code no peer may send", [0x03, 0xE7] as [UInt8]),
        ("a one-byte payload", [0x03]),
        ("a reason that is not UTF-8", [0x03, 0xE8, 0xC3, 0x28]),
    ])
    func aMalformedCloseIsAnsweredWith1002(_ what: String, payload: [UInt8]) async throws {
        try await withLiveServer { server in
            let frames = try await Raw.exchange(port: server.port, path: Self.path(server), send: Raw.clientFrame(opcode: 0x8, payload: payload)) { _ in
                false
            }
            #expect(frames.last == Raw.Frame(fin: true, opcode: 0x8, payload: [0x03, 0xEA]), "\(what)")
        }
    }

    @Test func aContinuationWithoutAMessageClosesWith1002() async throws {
        try await withLiveServer { server in
            let frames = try await Raw.exchange(port: server.port, path: Self.path(server), send: Raw.clientFrame(opcode: 0x0, payload: Array("{}".utf8))) {
                $0.opcode == 0x8
            }
            #expect(frames.last?.payload.prefix(2) == [0x03, 0xEA])
        }
    }

    @Test func aMessageInSeveralFramesIsAnsweredWhole() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                client.sendFragmented([#"{"type":"pi"#, #"ng","id":"#, #""in-three"}"#])
                _ = try await client.wait("pong 'in-three'") { transcript in
                    transcript.messages.contains { if case .pong(let pong) = $0 { pong.id == "in-three" } else { false } } ? true : nil
                }
                #expect(client.transcript.errors().isEmpty)
            }
        }
    }

    @Test func aTextMessageThatIsNotUTF8ClosesWith1007() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                client.sendFrame(WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: [0x7B, 0xC3, 0x28, 0x7D])))
                let close = try await client.closed()
                #expect(close?.closeCode == .dataInconsistentWithMessage)
            }
        }
    }

    @Test func requestsSentTogetherAreAnsweredInTheirOrder() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                let ids = (0..<40).map { "p\($0)" }
                for id in ids { client.send(.ping(RequestOnly(id: id))) }
                let pongs = try await client.wait("every pong") { transcript -> [String]? in
                    let pongs = transcript.messages.compactMap { if case .pong(let pong) = $0 { pong.id } else { nil } }
                    return pongs.count == ids.count ? pongs : nil
                }
                #expect(pongs == ids)
            }
        }
    }

    private static func path(_ server: LiveServer) -> String { "/api/v1/ws?token=\(server.auth.adminToken)" }
}
