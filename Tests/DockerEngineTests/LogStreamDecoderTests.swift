import DockerEngine
import NIOCore
import Testing

@Suite struct LogStreamDecoderTests {
    typealias F = DecoderTestFixtures

    static let t1 = "2026-11-22T02:21:03.056988397Z"
    static let t2 = "2026-11-22T02:21:03.912000000Z"
    static let t3 = "2026-11-22T02:21:05.000000001Z"

    /// A timestamped non-TTY logs body mixing everything a json-file stream can hold, and the lines it means.
    static func multiplexedStream() -> (ByteBuffer, [LogLine]) {
        let long = F.patternText(count: 16384 + 3617, seed: 5)
        let longBytes = Array(long.utf8)
        let body = F.joined([
            F.frame(1, "\(t1) out line 45\n"),
            F.frame(2, "\(t1) err: partial "),
            F.frame(1, "\(t2) a\n"),
            F.frame(1, "\(t2) b\n"),
            F.frame(1, "\(t2) c"),
            F.frame(2, "\(t2) rest of err\n"),
            F.frame(1, "\(t3) d\n"),
            F.frame(1, Array("\(t3) ".utf8) + longBytes[..<16384]),
            F.frame(1, Array("\(t1) ".utf8) + longBytes[16384...] + [0x0A]),
            F.frame(1, ""),
            F.frame(2, "\(t3) crlf line\r\n"),
            F.frame(2, "\(t3) unterminated"),
        ])
        let d1 = DockerTimestamp(rfc3339: t1)
        let d2 = DockerTimestamp(rfc3339: t2)
        let d3 = DockerTimestamp(rfc3339: t3)
        let lines = [
            LogLine(timestamp: d1, stream: .stdout, text: "out line 45"),
            LogLine(timestamp: d2, stream: .stdout, text: "a"),
            LogLine(timestamp: d2, stream: .stdout, text: "b"),
            LogLine(timestamp: d1, stream: .stderr, text: "err: partial rest of err"),
            LogLine(timestamp: d2, stream: .stdout, text: "cd"),
            LogLine(timestamp: d3, stream: .stdout, text: long),
            LogLine(timestamp: d3, stream: .stderr, text: "crlf line"),
            LogLine(timestamp: d3, stream: .stderr, text: "unterminated"),
        ]
        return (body, lines)
    }

    func decode(_ chunks: [ByteBuffer], tty: Bool, timestamps: Bool) throws -> [LogLine] {
        var decoder = LogStreamDecoder(tty: tty, timestamps: timestamps)
        var lines: [LogLine] = []
        for chunk in chunks { lines += try decoder.feed(chunk) }
        return lines + (try decoder.finish())
    }

    @Test func decodesAMultiplexedStreamFedWhole() throws {
        let (body, expected) = Self.multiplexedStream()
        #expect(try decode([body], tty: false, timestamps: true) == expected)
    }

    @Test func decodesAMultiplexedStreamFedOneByteAtATime() throws {
        let (body, expected) = Self.multiplexedStream()
        #expect(try decode(F.bytewise(body), tty: false, timestamps: true) == expected)
    }

    @Test(arguments: [UInt64(1), 2, 3, 42, 2026])
    func decodesAMultiplexedStreamInRandomChunks(seed: UInt64) throws {
        let (body, expected) = Self.multiplexedStream()
        var generator = DecoderTestFixtures.SeededRandom(seed: seed)
        for maxChunk in [3, 17, 700, 20_000] {
            let chunks = F.randomChunks(of: body, maxChunk: maxChunk, using: &generator)
            #expect(try decode(chunks, tty: false, timestamps: true) == expected)
        }
    }

    @Test func keepsTimestampPrefixesAsTextWhenNotAskedFor() throws {
        let body = F.joined([F.frame(1, "\(Self.t1) hello\n")])
        let lines = try decode([body], tty: false, timestamps: false)
        #expect(lines == [LogLine(timestamp: nil, stream: .stdout, text: "\(Self.t1) hello")])
    }

    @Test func decodesATTYStreamInAnyChunking() throws {
        let body = ByteBuffer(string: "\(Self.t1) tty-line\r\n\(Self.t2) second\r\n\r\n\(Self.t3) last")
        let expected = [
            LogLine(timestamp: DockerTimestamp(rfc3339: Self.t1), stream: .stdout, text: "tty-line"),
            LogLine(timestamp: DockerTimestamp(rfc3339: Self.t2), stream: .stdout, text: "second"),
            LogLine(timestamp: nil, stream: .stdout, text: ""),
            LogLine(timestamp: DockerTimestamp(rfc3339: Self.t3), stream: .stdout, text: "last"),
        ]
        #expect(try decode([body], tty: true, timestamps: true) == expected)
        #expect(try decode(F.bytewise(body), tty: true, timestamps: true) == expected)
        var generator = DecoderTestFixtures.SeededRandom(seed: 7)
        for _ in 0..<20 {
            #expect(
                try decode(F.randomChunks(of: body, maxChunk: 9, using: &generator), tty: true, timestamps: true)
                    == expected
            )
        }
    }

    @Test func aTTYStreamIsNeverParsedAsFrames() throws {
        // Raw bytes that would be an invalid frame header must pass straight through in TTY mode.
        let lines = try decode([ByteBuffer(bytes: [0x07, 0x41, 0x0D, 0x0A])], tty: true, timestamps: false)
        #expect(lines.map(\.text) == ["\u{07}A"])
    }

    @Test func truncatedFrameThrowsAndTheLinesAreStillFlushed() throws {
        let body = F.joined([F.frame(1, "complete\n"), F.frame(2, "partial line"), F.frame(1, "cut off\n")])
        var decoder = LogStreamDecoder(tty: false, timestamps: false)
        let fed = try decoder.feed(body.getSlice(at: 0, length: body.readableBytes - 3)!)
        #expect(fed.map(\.text) == ["complete"])
        #expect(throws: DockerStreamError.truncatedFrame) { try decoder.finish() }
        #expect(try decoder.finish() == [LogLine(timestamp: nil, stream: .stderr, text: "partial line")])
        #expect(try decoder.finish().isEmpty)
    }

    @Test func anInvalidHeaderBreaksTheStreamButKeepsEarlierLines() throws {
        var body = F.joined([F.frame(1, "before\n"), F.frame(2, "half")])
        body.writeBytes([0x09, 0, 0, 0, 0, 0, 0, 1, 0x41])
        var decoder = LogStreamDecoder(tty: false, timestamps: false)
        #expect(throws: DockerStreamError.invalidFrameHeader) { try decoder.feed(body) }
        #expect(throws: DockerStreamError.invalidFrameHeader) { try decoder.feed(F.frame(1, "after\n")) }
        #expect(try decoder.finish().map(\.text) == ["before", "half"])
    }

    @Test func anOversizeFrameIsRejected() {
        var decoder = LogStreamDecoder(tty: false, timestamps: false)
        let header = ByteBuffer(bytes: [1, 0, 0, 0, 0x01, 0x00, 0x00, 0x01])  // 16 MiB + 1
        #expect(throws: DockerStreamError.frameTooLarge) { try decoder.feed(header) }
    }

    @Test func theEnginesErrorFrameIsReported() throws {
        var decoder = LogStreamDecoder(tty: false, timestamps: false)
        let body = F.joined([F.frame(1, "ok\n"), F.frame(3, "Error grabbing logs: boom\n")])
        let error = #expect(throws: DockerStreamError.daemonError) { try decoder.feed(body) }
        #expect(error?.message == "Error grabbing logs: boom")
        #expect(try decoder.finish().map(\.text) == ["ok"])
    }

    @Test func invalidUTF8NeverCrashes() throws {
        var generator = DecoderTestFixtures.SeededRandom(seed: 99)
        var payload: [UInt8] = []
        for _ in 0..<5000 { payload.append(UInt8.random(in: 0...255, using: &generator)) }
        let body = F.joined([F.frame(1, payload), F.frame(2, payload)])
        let whole = try decode([body], tty: false, timestamps: true)
        let chunked = try decode(
            F.randomChunks(of: body, maxChunk: 64, using: &generator),
            tty: false,
            timestamps: true
        )
        #expect(whole == chunked)
        let newlines = payload.filter { $0 == 0x0A }.count
        // Each stream gives one line per newline, plus its unterminated tail if the payload does not end in one.
        let perStream = newlines + (payload.last == 0x0A ? 0 : 1)
        #expect(whole.count == 2 * perStream)
    }
}
