import DockerEngine
import NIOCore
import NIOTestUtils
import Testing

@Suite struct JSONLineDecoderTests {
    typealias F = DecoderTestFixtures

    static let event =
        #"{"status":"start","id":"abc","Type":"container","Action":"start","#
        + #""time":1795314060,"timeNano":1795314060123456789}"#

    @Test func verifierSplitsLinesInEverySplit() throws {
        let pairs: [(ByteBuffer, [ByteBuffer])] = [
            (ByteBuffer(string: Self.event + "\n"), [ByteBuffer(string: Self.event)]),
            (ByteBuffer(string: "{\"a\":1}\r\n"), [ByteBuffer(string: "{\"a\":1}")]),
            (ByteBuffer(string: "\n  \n\t\r\n"), []),
            (
                ByteBuffer(string: "{\"b\":2}\n\n{\"c\":[3]}\n"),
                [ByteBuffer(string: "{\"b\":2}"), ByteBuffer(string: "{\"c\":[3]}")]
            ),
            (ByteBuffer(string: " {\"padded\":true} \n"), [ByteBuffer(string: " {\"padded\":true} ")]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { JSONLineDecoder() }
    }

    @Test func decodeLastReturnsAnUnterminatedLastLine() throws {
        let processor = NIOSingleStepByteToMessageProcessor(JSONLineDecoder())
        var lines: [String] = []
        try processor.process(buffer: ByteBuffer(string: "{\"x\":1}\n{\"y\":")) { lines.append(String(buffer: $0)) }
        #expect(lines == ["{\"x\":1}"])
        try processor.process(buffer: ByteBuffer(string: "2}\r")) { lines.append(String(buffer: $0)) }
        try processor.finishProcessing(seenEOF: true) { lines.append(String(buffer: $0)) }
        #expect(lines == ["{\"x\":1}", "{\"y\":2}"])
    }

    @Test func decodeLastSkipsATrailingBlankRemainder() throws {
        var decoder = JSONLineDecoder()
        var buffer = ByteBuffer(string: "{}\n   ")
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true).map { String(buffer: $0) } == "{}")
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == nil)
    }

    @Test func rejectsALongLineWithOrWithoutItsNewline() throws {
        var decoder = JSONLineDecoder(maxLineBytes: 8)
        var fits = ByteBuffer(string: "12345678\r\n")
        #expect(try decoder.decode(buffer: &fits).map { String(buffer: $0) } == "12345678")

        var terminated = ByteBuffer(string: "123456789\n")
        var strict = JSONLineDecoder(maxLineBytes: 8)
        #expect(throws: DockerStreamError.lineTooLong) { try strict.decode(buffer: &terminated) }

        // No newline yet: the decoder must not wait (and buffer) past the limit.
        var growing = ByteBuffer(string: "12345678\r")
        var waiting = JSONLineDecoder(maxLineBytes: 8)
        #expect(try waiting.decode(buffer: &growing) == nil)
        growing.writeString("x")
        #expect(throws: DockerStreamError.lineTooLong) { try waiting.decode(buffer: &growing) }
    }

    @Test func streamGivesTheSameLinesInAnyChunking() throws {
        let body = ByteBuffer(
            string: "\(Self.event)\n\n{\"id\":\"1\",\"status\":\"Downloading\"}\r\n  \n{\"last\":true}"
        )
        let expected = [Self.event, "{\"id\":\"1\",\"status\":\"Downloading\"}", "{\"last\":true}"]
        func run(_ chunks: [ByteBuffer]) throws -> [String] {
            var stream = JSONLineStream()
            var lines: [ByteBuffer] = []
            for chunk in chunks { lines += try stream.feed(chunk) }
            lines += try stream.finish()
            return lines.map { String(buffer: $0) }
        }
        #expect(try run([body]) == expected)
        #expect(try run(F.bytewise(body)) == expected)
        var generator = DecoderTestFixtures.SeededRandom(seed: 11)
        for _ in 0..<25 {
            #expect(try run(F.randomChunks(of: body, maxChunk: 13, using: &generator)) == expected)
        }
    }

    @Test func streamKeepsLinesBeforeAnErrorAndStaysBroken() throws {
        var stream = JSONLineStream(maxLineBytes: 4)
        #expect(throws: DockerStreamError.lineTooLong) {
            try stream.feed(ByteBuffer(string: "{}\n[1]\n{\"too\":\"long\"}\n"))
        }
        #expect(throws: DockerStreamError.lineTooLong) { try stream.feed(ByteBuffer(string: "{}\n")) }
        #expect(try stream.finish().map { String(buffer: $0) } == ["{}", "[1]"])
    }

    @Test func streamHandlesALineSpanningManyChunks() throws {
        let big = "{\"data\":\"" + F.patternText(count: 100_000) + "\"}"
        var stream = JSONLineStream()
        var lines: [ByteBuffer] = []
        var rest = ByteBuffer(string: big + "\n")
        while rest.readableBytes > 0 {
            lines += try stream.feed(rest.readSlice(length: min(1000, rest.readableBytes))!)
        }
        #expect(lines.map { String(buffer: $0) } == [big])
        #expect(try stream.finish().isEmpty)
    }
}
