@testable import DockerEngine
import NIOCore
import Testing

/// The exec start's switch of protocols, against a ``ScriptedEngine`` that sends each answer in one write
/// followed by EOF — the timing the real engine produces only now and then.
@Suite("Exec handshake")
struct ExecHandshakeTests {
    private static func answers(_ start: [UInt8]) -> @Sendable (String) -> [UInt8] {
        { head in head.hasPrefix("GET /_ping") ? ScriptedEngine.ping : start }
    }

    /// Starts exec `x` on `engine` and reads the whole output.
    private static func output(_ engine: ScriptedEngine) async throws -> [ExecOutput] {
        try await DockerClient.withClient(host: DockerHost(endpoint: .unix(path: engine.path))) { client in
            let channel = try await ExecConnection.start(id: "x", tty: false, transport: client.transport)
            return try await channel.executeThenClose { inbound, _ in
                var chunks: [ExecOutput] = []
                for try await chunk in ExecOutputSequence(inbound: inbound, tty: false) { chunks.append(chunk) }
                return chunks
            }
        }
    }

    @Test func outputAndEndOfStreamInTheSameReadAsThe101AreAllDelivered() async throws {
        let engine = try ScriptedEngine(
            answer: Self.answers(ScriptedEngine.switchingProtocols + ScriptedEngine.frame(1, "out\n") + ScriptedEngine.frame(2, "err\n"))
        )
        defer { engine.stop() }
        for _ in 0..<20 {
            let chunks = try await withTimeout(.seconds(20), "the exec output") { try await Self.output(engine) }
            #expect(chunks == [
                ExecOutput(stream: .stdout, bytes: ByteBuffer(string: "out\n")),
                ExecOutput(stream: .stderr, bytes: ByteBuffer(string: "err\n")),
            ])
        }
    }

    @Test func aRefusalIsTheEnginesError() async throws {
        let body = #"{"message":"Container abc is not running"}"#
        let engine = try ScriptedEngine(
            answer: Self.answers(Array(
                "HTTP/1.1 409 Conflict\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)".utf8
            ))
        )
        defer { engine.stop() }
        let error = await expectDockerError(.conflict) { try await withTimeout(.seconds(20)) { try await Self.output(engine) } }
        #expect(error?.message == "Container abc is not running")
        #expect(error?.status == 409)
    }

    @Test func aTruncatedFrameAfterTheSwitchIsAMalformedStream() async throws {
        let engine = try ScriptedEngine(answer: Self.answers(ScriptedEngine.switchingProtocols + [1, 0, 0, 0, 0, 0, 0, 9] + Array("abc".utf8)))
        defer { engine.stop() }
        await expectDockerError(.invalidResponse) { try await withTimeout(.seconds(20)) { try await Self.output(engine) } }
    }

    @Test func anEngineThatHangsUpOrAnswersGarbageFailsClearly() async throws {
        let silent = try ScriptedEngine(answer: Self.answers([]))
        defer { silent.stop() }
        let closed = await expectDockerError(.unreachable) { try await withTimeout(.seconds(20)) { try await Self.output(silent) } }
        #expect(closed?.message.contains("closed the connection") == true, "\(String(describing: closed))")

        let garbage = try ScriptedEngine(answer: Self.answers(Array("SSH-2.0-OpenSSH\r\n\r\n".utf8)))
        defer { garbage.stop() }
        await expectDockerError(.invalidResponse) { try await withTimeout(.seconds(20)) { try await Self.output(garbage) } }

        let ok = try ScriptedEngine(answer: Self.answers(Array("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n\r\n".utf8)))
        defer { ok.stop() }
        await expectDockerError(.invalidResponse) { try await withTimeout(.seconds(20)) { try await Self.output(ok) } }
    }
}
