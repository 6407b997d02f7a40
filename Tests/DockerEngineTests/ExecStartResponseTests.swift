@testable import DockerEngine
import NIOCore
import Testing

@Suite("Exec start answer parsing")
struct ExecStartResponseTests {
    /// Feeds `text` one byte at a time (every split point), returning the first progress that is not `.incomplete`.
    private static func byteByByte(_ text: String, thenEOF: Bool = false) throws -> ExecStartResponse.Progress {
        var response = ExecStartResponse()
        for byte in text.utf8 {
            let progress = try response.feed(ByteBuffer(bytes: [byte]))
            if progress != .incomplete { return progress }
        }
        return thenEOF ? try response.finish() : .incomplete
    }

    @Test func aSwitchHandsOverTheBytesBehindTheHead() throws {
        let head = "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n"
        var response = ExecStartResponse()
        #expect(try response.feed(ByteBuffer(string: head + "\u{1}\0\0\0\0\0\0\u{3}hi\n")) == .switched(leftover: ByteBuffer(string: "\u{1}\0\0\0\0\0\0\u{3}hi\n")))
        // Byte by byte, the switch comes with the last byte of the head and nothing behind it.
        #expect(try Self.byteByByte(head) == .switched(leftover: ByteBuffer()))
    }

    @Test func errorBodiesByLengthChunkedAndToEOF() throws {
        let json = #"{"message":"No such exec instance: nope"}"#
        #expect(
            try Self.byteByByte("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n\r\n\(json)")
                == .answered(status: 404, body: ByteBuffer(string: json))
        )
        #expect(
            try Self.byteByByte("HTTP/1.1 409 Conflict\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"mes\r\n6;x=y\r\nsage\":\r\n5\r\n\"x\"}\n\r\n0\r\n\r\n")
                == .answered(status: 409, body: ByteBuffer(string: "{\"message\":\"x\"}\n"))
        )
        #expect(try Self.byteByByte("HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n", thenEOF: true)
            == .answered(status: 400, body: ByteBuffer(string: "Client sent an HTTP request to an HTTPS server.\n")))
    }

    @Test func whatIsNotAnAnswer() throws {
        #expect(throws: DockerError.self) { try Self.byteByByte("SSH-2.0-OpenSSH_9.2\r\n\r\n") }
        #expect(throws: DockerError.self) { try Self.byteByByte("HTTP/1.1 200 OK\r\n\r\n") }
        #expect(throws: DockerError.self) { try Self.byteByByte("HTTP/1.1 404 Not Found\r\nContent-Length: x\r\n\r\n") }
        var silent = ExecStartResponse()
        #expect(throws: DockerError.self) { try silent.finish() }
        var huge = ExecStartResponse()
        #expect(throws: DockerError.self) { try huge.feed(ByteBuffer(repeating: UInt8(ascii: "a"), count: 70_000)) }
    }
}
