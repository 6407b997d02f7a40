import CapstanWire
import Foundation
import NIOCore
import NIOWebSocket
import Testing

/// The connection itself: the welcome, bad messages, limits, idle and keepalive closes.
@Suite(.timeLimit(.minutes(3)))
struct LiveProtocolTests {
    @Test func theWelcomeNamesTheProtocolEnginesAndLimits() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                guard case .welcome(let welcome) = client.transcript.messages.first else { throw LiveTestFailure("no welcome first") }
                #expect(welcome.protocolVersion == 1 && welcome.server == "capstan")
                #expect(welcome.engines.map(\.engine) == ["local"])
                #expect(welcome.limits["maxMessageBytes"] == 65536)
                #expect(welcome.limits["maxSubscriptions"] == 100)
                #expect(welcome.limits["maxViewersPerContainer"] == 50)
                #expect(welcome.limits["idleTimeoutSeconds"] == 300)
                let serverTime = try #require(welcome.serverTime)
                #expect(abs(serverTime - Int64(Date().timeIntervalSince1970 * 1000)) < 60_000)
                try await client.ping("p")
                let pong = try JSONDecoder().decode(JSONValue.self, from: Data((client.transcript.texts.last ?? "").utf8))
                #expect(pong == .object(["type": .string("pong"), "id": .string("p")]))
            }
        }
    }

    @Test func badMessagesGetErrorsAndTheConnectionKeepsServing() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                var expectations: [(send: String, code: String, id: String?, field: String?)] = [
                    ("this is not json", "bad_message", nil, nil),
                    (#"{"type":"subscribe_everything","id":"u1"}"#, "bad_message", "u1", "type"),
                    (#"{"id":"n1"}"#, "bad_message", "n1", "type"),
                    (#"{"type":"subscribe_stats","id":"m1"}"#, "bad_message", "m1", "container"),
                    (#"{"type":"subscribe_logs","id":"t1","containers":["x"],"tail":"ten"}"#, "bad_message", "t1", "tail"),
                ]
                let padding = String(repeating: "x", count: 70 * 1024)
                expectations.append((#"{"type":"ping","id":"big","pad":"\#(padding)"}"#, "too_large", nil, nil))
                for (index, expectation) in expectations.enumerated() {
                    client.sendText(expectation.send)
                    let error = try await client.wait("error #\(index + 1)") { transcript in
                        transcript.errors().count > index ? transcript.errors()[index] : nil
                    }
                    #expect(error.code == expectation.code, "\(expectation.send.prefix(80)) → \(error)")
                    #expect(error.id == expectation.id)
                    #expect(error.field == expectation.field, "\(error)")
                    #expect(!error.message.isEmpty)
                    try await client.ping("after-\(index)")
                }
                client.sendBinary(ByteBuffer(string: #"{"type":"ping","id":"binary"}"#))
                let binary = try await client.wait("the binary refusal") { $0.errors().count > expectations.count ? $0.errors().last : nil }
                #expect(binary.code == "bad_message")
                try await client.ping("after-binary")
                #expect(client.transcript.undecodable.isEmpty)
                #expect(!client.transcript.ended)
            }
        }
    }

    @Test func aFrameOverTheFrameLimitClosesWith1009() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                client.sendText(#"{"type":"ping","id":"huge","pad":""# + String(repeating: "x", count: 1024 * 1024 + 10) + #""}"#)
                let close = try await client.closed()
                #expect(close?.closeCode == .messageTooLarge)
            }
        }
    }

    @Test func aMessageOverTheFrameLimitInSeveralFramesAlsoClosesWith1009() async throws {
        try await withLiveServer { server in
            try await server.withClient { client in
                // Three frames of 400 KiB: each under the frame limit, the message over it.
                let part = String(repeating: "x", count: 400 * 1024)
                client.sendFragmented([#"{"type":"ping","id":"huge","pad":""# + part, part, part + #""}"#])
                let close = try await client.closed()
                #expect(close?.closeCode == .messageTooLarge)
            }
        }
    }

    @Test func subscriptionRequestsAreCheckedAndRefusedByField() async throws {
        try await withLiveServer { configuration in
            configuration.live.maxSubscriptionsPerConnection = 3
            configuration.hub.maxViewersPerContainer = 2
        } _: { server in
            let container = try await server.runContainer("checked")
            try await server.withClients(2) { clients in
                let client = clients[0]
                func refusal(_ message: ClientMessage, _ id: String) async throws -> ErrorReply {
                    let reply = try await client.request(message, id: id)
                    guard case .error(let error) = reply else { throw LiveTestFailure("\(id) was accepted: \(reply)") }
                    #expect(error.id == id)
                    return error
                }
                let refusals: [(ClientMessage, String, String, String?)] = [
                    (.subscribeContainers(SubscribeContainers(id: "e1", engine: "nowhere")), "not_found", "engine", nil),
                    (.subscribeLogs(SubscribeLogs(id: "e2", containers: ["../../etc"])), "bad_message", "containers", nil),
                    (.subscribeLogs(SubscribeLogs(id: "e3", containers: ["capstan-no-such-container"])), "not_found", "containers", nil),
                    (.subscribeLogs(SubscribeLogs(id: "e4", containers: [container.id], regex: "(unclosed")), "bad_message", "regex", nil),
                    (.subscribeLogs(SubscribeLogs(id: "e5", containers: [container.id], stream: "stdin")), "bad_message", "stream", nil),
                    (.subscribeLogs(SubscribeLogs(id: "e6", containers: [container.id], tail: -1)), "bad_message", "tail", nil),
                    (.subscribeLogs(SubscribeLogs(id: "e7", containers: [container.id], since: "yesterday")), "bad_message", "since", nil),
                    (.subscribeLogs(SubscribeLogs(id: "e8")), "bad_message", "containers", nil),
                    (.subscribeStats(SubscribeStats(id: "e9", container: "capstan-no-such-container")), "not_found", "container", nil),
                    (.unsubscribe(Unsubscribe(id: "e10", sub: "never")), "not_found", "sub", nil),
                ]
                for (message, code, field, _) in refusals {
                    let id = message.requestID ?? "?"
                    let error = try await refusal(message, id)
                    #expect(error.code == code, "\(id): \(error)")
                    #expect(error.field == field, "\(id): \(error)")
                }
                // Nothing refused was left half-subscribed: three subscriptions still fit.
                try await client.subscribe(.subscribeContainers(SubscribeContainers(id: "s1", sub: "one")), id: "s1")
                let duplicate = try await refusal(.subscribeContainers(SubscribeContainers(id: "s1b", sub: "one")), "s1b")
                #expect(duplicate.code == "bad_message" && duplicate.field == "sub")
                try await client.subscribe(.subscribeLogs(SubscribeLogs(id: "s2", sub: "two", containers: [container.id])), id: "s2")
                try await client.subscribe(.subscribeEvents(SubscribeEvents(id: "s3", sub: "three")), id: "s3")
                let fourth = try await refusal(.subscribeEvents(SubscribeEvents(id: "s4", sub: "four")), "s4")
                #expect(fourth.code == "limit_reached")
                // Unsubscribing frees a place.
                let ended = try await client.request(.unsubscribe(Unsubscribe(id: "u", sub: "three")), id: "u")
                #expect(ended == .ok(OkReply(id: "u", sub: "three")))
                try await client.subscribe(.subscribeEvents(SubscribeEvents(id: "s5", sub: "five")), id: "s5")

                // Viewers per container: the second client is the second viewer; a third is refused.
                try await clients[1].subscribe(.subscribeLogs(SubscribeLogs(id: "v1", sub: "v1", containers: [container.id])), id: "v1")
                let third = try await clients[1].request(.subscribeLogs(SubscribeLogs(id: "v2", sub: "v2", containers: [container.id])), id: "v2")
                guard case .error(let viewers) = third else { throw LiveTestFailure("a third viewer was accepted") }
                #expect(viewers.code == "limit_reached")
                try await client.ping("still-serving")
                try await clients[1].ping("still-serving")
            }
        }
    }

    @Test func connectionsPerAddressAreLimitedWithAClearClose() async throws {
        try await withLiveServer(configure: { $0.live.maxConnectionsPerAddress = 2 }) { server in
            try await server.withClients(2) { clients in
                // Read by hand: the client library sometimes misses a close that comes right after the 101
                // (see RawWebSocketProbe); what is checked is what the server sends.
                let close = try await RawWebSocketProbe.firstClose(port: server.port, path: "/api/v1/ws?token=\(server.auth.adminToken)")
                #expect(close == RawWebSocketProbe.Close(code: 4029, reason: "at most 2 WebSocket connections per client address"))
                for client in clients { try await client.ping("unaffected") }
            }
            // The slots are free again once the clients left.
            try await eventually("a connection accepted again") { await server.canConnect() ? true : nil }
        }
    }

    @Test func anIdleConnectionIsClosedWith4000AndASubscribedOneIsNot() async throws {
        // Long enough for the busy client's subscription to be handled first on a loaded machine.
        try await withLiveServer(configure: { $0.live.idleTimeout = .seconds(5) }) { server in
            // The busy client subscribes first thing; the idle one connects after and never does.
            let busy = LiveClient(label: "busy")
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await busy.run(url: server.url) }
                busy.send(.subscribeContainers(SubscribeContainers(id: "c", sub: "list")))
                guard case .ok = try await busy.wait("the reply", { $0.reply(to: "c") }) else { throw LiveTestFailure("refused") }
                try await server.withClient("idle") { idle in
                    let close = try await idle.closed()
                    #expect(close?.closeCode == WebSocketErrorCode(codeNumber: 4000))
                    #expect(close?.reason?.hasPrefix("idle") == true, "\(String(describing: close?.reason))")
                }
                try await busy.ping("still-here")
                busy.disconnect()
                try await group.waitForAll()
            }
        }
    }

    @Test func aClientThatDoesNotAnswerPingsIsClosedWith1001() async throws {
        try await withLiveServer { configuration in
            configuration.live.pingInterval = .seconds(1)
            // Long enough for a loaded test process to answer in time: the silent client is what must time out.
            configuration.live.pingTimeout = .seconds(3)
            configuration.live.maxConnectionsPerAddress = 2
        } _: { server in
            try await server.withClients(2, label: "client") { clients in
                let (awake, silent) = (clients[0], clients[1])
                // A paused client reads nothing, so it answers no ping.
                try await silent.pause()
                try await eventually("the server closed the silent connection", timeout: .seconds(30)) {
                    await server.canConnect() ? true : nil
                }
                // The other one answered the same pings (its WebSocket layer does) and is still served.
                try await awake.ping("still-here")
                #expect(!awake.transcript.ended)
                silent.resume()
                let close = try await silent.closed()
                #expect(close?.closeCode == .goingAway)
                #expect(close?.reason == "Ping timeout")
            }
        }
    }

    @Test func stoppingTheServerClosesConnectionsNormally() async throws {
        let client = LiveClient(label: "shutdown")
        let connection = try await withLiveServer { server in
            // Unstructured on purpose: the client has to outlive the server's scope to see how it is closed.
            let task = Task { await client.run(url: server.url) }
            try await client.subscribe(.subscribeContainers(SubscribeContainers(id: "c", sub: "list")), id: "c")
            return task
        }
        await connection.value
        #expect(client.transcript.close?.closeCode == .normalClosure, "\(client.transcript.summary)")
    }
}

extension ClientMessage {
    /// The request id.
    var requestID: String? {
        switch self {
        case .subscribeContainers(let message): message.id
        case .subscribeLogs(let message): message.id
        case .subscribeStats(let message): message.id
        case .subscribeEvents(let message): message.id
        case .unsubscribe(let message): message.id
        case .ping(let message): message.id
        case .authenticate(let message): message.id
        case .subscribeResources(let message): message.id
        }
    }
}
