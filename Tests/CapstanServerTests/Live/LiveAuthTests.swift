import CapstanServer
import CapstanWire
import Foundation
import Testing

@Suite("WebSocket sign-in and origin")
struct LiveAuthTests {
    private static func upgrade(port: Int, query: String = "", headers: [String]) -> String {
        (["GET /api/v1/ws\(query) HTTP/1.1", "Host: 127.0.0.1:\(port)", "Connection: Upgrade", "Upgrade: websocket",
          "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=="] + headers).joined(separator: "\r\n") + "\r\n\r\n"
    }

    @Test func theUpgradeNeedsATokenAndTheServersOwnOrigin() async throws {
        try await withLiveServer { server in
            let token = server.auth.adminToken
            let none = try await server.rawHTTP(Self.upgrade(port: server.port, headers: []))
            #expect(none.hasPrefix("HTTP/1.1 400"), "without a token: \(none.prefix(40))")
            let forged = try await server.rawHTTP(Self.upgrade(port: server.port, headers: ["Authorization: Bearer \(token)x"]))
            #expect(forged.hasPrefix("HTTP/1.1 400"))
            let foreign = try await server.rawHTTP(
                Self.upgrade(port: server.port, headers: ["Authorization: Bearer \(token)", "Origin: http://evil.example"])
            )
            #expect(foreign.hasPrefix("HTTP/1.1 400"), "a foreign origin: \(foreign.prefix(40))")
            let own = try await server.rawHTTP(
                Self.upgrade(port: server.port, query: "?token=\(token)", headers: ["Origin: http://127.0.0.1:\(server.port)"])
            )
            #expect(own.hasPrefix("HTTP/1.1 101"), "the server's own origin: \(own.prefix(40))")
            let subprotocol = try await server.rawHTTP(
                Self.upgrade(port: server.port, headers: ["Sec-WebSocket-Protocol: capstan, bearer.\(token)"])
            )
            #expect(subprotocol.hasPrefix("HTTP/1.1 101"))
            #expect(subprotocol.lowercased().contains("sec-websocket-protocol: capstan"))
        }
    }

    @Test func auditedActionsAreRefusedWhileTheAuditCannotBeWritten() async throws {
        try await withCapstan { context in
            let name = context.scope.containerName("failclosed")
            let created = try await context.client.send(
                .post, api("containers"), query: ["name": name], json: #"{"Image":"\#(context.scope.image)","Cmd":["sleep","60"],"Labels":{"capstan.test":"1"}}"#
            )
            #expect(created.status.code == 201)
            // The database goes away: the action must not run unaudited.
            try await context.auth.store.close()
            let refused = try await context.client.send(.post, api("containers/\(name)/start"))
            // Refused before anything runs: either the caller cannot be checked or the audit cannot be written.
            #expect(refused.status.code == 503)
            #expect(["audit_unavailable", "database_unavailable"].contains(try refused.decode(ErrorResponse.self).error.code))
            let state = try await context.docker.inspectContainer(name).state.status
            #expect(state == "created")
        }
    }
}
