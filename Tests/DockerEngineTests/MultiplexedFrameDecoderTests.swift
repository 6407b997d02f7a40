import DockerEngine
import NIOCore
import NIOTestUtils
import Testing

@Suite struct MultiplexedFrameDecoderTests {
    typealias F = DecoderTestFixtures

    @Test func verifierFeedsFramesInEverySplit() throws {
        let binary: [UInt8] = [0x00, 0xFF, 0x0A, 0x01, 0x00, 0x00, 0x00, 0x08]  // Looks like a header inside.
        let pairs: [(ByteBuffer, [MultiplexedFrame])] = [
            (
                F.frame(1, "out line 45\n"),
                [MultiplexedFrame(stream: .stdout, payload: ByteBuffer(string: "out line 45\n"))]
            ),
            (F.frame(2, "oops\n"), [MultiplexedFrame(stream: .stderr, payload: ByteBuffer(string: "oops\n"))]),
            (F.frame(0, "typed"), [MultiplexedFrame(stream: .stdin, payload: ByteBuffer(string: "typed"))]),
            (F.frame(1, binary), [MultiplexedFrame(stream: .stdout, payload: ByteBuffer(bytes: binary))]),
            (F.frame(2, ""), [MultiplexedFrame(stream: .stderr, payload: ByteBuffer())]),
            (
                F.joined([F.frame(1, "a\n"), F.frame(2, "b")]),
                [
                    MultiplexedFrame(stream: .stdout, payload: ByteBuffer(string: "a\n")),
                    MultiplexedFrame(stream: .stderr, payload: ByteBuffer(string: "b")),
                ]
            ),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { MultiplexedFrameDecoder() }
    }

    @Test func decodesTheBytesVerifiedOnTheEngine() throws {
        // `01 00 00 00 00 00 00 0c` + `out line 45\n`, as captured from dockerd 20.10.
        var buffer = ByteBuffer(bytes: [0x01, 0, 0, 0, 0, 0, 0, 0x0C] + Array("out line 45\n".utf8))
        var decoder = MultiplexedFrameDecoder()
        let frame = try #require(try decoder.decode(buffer: &buffer))
        #expect(frame.stream == .stdout)
        #expect(String(buffer: frame.payload) == "out line 45\n")
        #expect(buffer.readableBytes == 0)
        #expect(try decoder.decode(buffer: &buffer) == nil)
    }

    @Test func waitsForTheWholePayload() throws {
        var decoder = MultiplexedFrameDecoder()
        let whole = F.frame(2, "split across reads\n")
        var buffer = ByteBuffer()
        for byte in whole.readableBytesView.dropLast() {
            buffer.writeInteger(byte)
            #expect(try decoder.decode(buffer: &buffer) == nil)
        }
        buffer.writeInteger(whole.readableBytesView.last!)
        let frame = try #require(try decoder.decode(buffer: &buffer))
        #expect(frame.stream == .stderr)
        #expect(String(buffer: frame.payload) == "split across reads\n")
    }

    @Test(arguments: [UInt8(4), 0x32, 0xFF, UInt8(ascii: "h")])
    func rejectsAnUnknownStreamType(type: UInt8) {
        var buffer = F.frame(type, "x")
        var decoder = MultiplexedFrameDecoder()
        #expect(throws: DockerStreamError.invalidFrameHeader) { try decoder.decode(buffer: &buffer) }
    }

    @Test func rejectsATTYStreamReadAsMultiplexed() {
        // What reading a TTY container's raw output as frames looks like: text where the header should be.
        var buffer = ByteBuffer(string: "tty-line\r\nmore output\r\n")
        var decoder = MultiplexedFrameDecoder()
        #expect(throws: DockerStreamError.invalidFrameHeader) { try decoder.decode(buffer: &buffer) }
    }

    @Test func rejectsAnOversizeFrameFromItsHeaderAlone() throws {
        var decoder = MultiplexedFrameDecoder(maxFrameSize: 16)
        var fits = F.frame(1, String(repeating: "x", count: 16))
        #expect(try decoder.decode(buffer: &fits)?.payload.readableBytes == 16)

        // Only the header: the error must come before 17 bytes are waited for (or buffered).
        var header = F.frame(1, String(repeating: "x", count: 17)).getSlice(at: 0, length: 8)!
        let error = #expect(throws: DockerStreamError.frameTooLarge) { try decoder.decode(buffer: &header) }
        #expect(error?.message.contains("17") == true)

        var huge = ByteBuffer(bytes: [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        var defaultLimit = MultiplexedFrameDecoder()
        #expect(throws: DockerStreamError.frameTooLarge) { try defaultLimit.decode(buffer: &huge) }
    }

    @Test func reportsATruncatedFrameAtTheEnd() throws {
        let whole = F.frame(1, "cut short\n")
        for length in [1, 7, 8, 12] {
            var buffer = whole.getSlice(at: 0, length: length)!
            var decoder = MultiplexedFrameDecoder()
            #expect(try decoder.decode(buffer: &buffer) == nil)
            #expect(throws: DockerStreamError.truncatedFrame) { try decoder.decodeLast(buffer: &buffer, seenEOF: true) }
        }
    }

    @Test func endsCleanlyWithNothingLeft() throws {
        var buffer = F.joined([F.frame(1, "last\n")])
        var decoder = MultiplexedFrameDecoder()
        let frame = try #require(try decoder.decodeLast(buffer: &buffer, seenEOF: true))
        #expect(String(buffer: frame.payload) == "last\n")
        #expect(try decoder.decodeLast(buffer: &buffer, seenEOF: true) == nil)
    }

    @Test func throwsTheEnginesInStreamError() throws {
        var buffer = F.joined([F.frame(1, "before\n"), F.frame(3, "Error grabbing logs: invalid character\n")])
        var decoder = MultiplexedFrameDecoder()
        #expect(try decoder.decode(buffer: &buffer)?.stream == .stdout)
        let error = #expect(throws: DockerStreamError.daemonError) { try decoder.decode(buffer: &buffer) }
        #expect(error?.message == "Error grabbing logs: invalid character")
        #expect(buffer.readableBytes == 0)  // The frame was consumed: framing is intact.
    }

    @Test func errorsCompareByKindNotMessage() {
        #expect(DockerStreamError.lineTooLong == DockerStreamError.lineTooLong)
        #expect(DockerStreamError.lineTooLong != DockerStreamError.invalidJSON)
        #expect(DockerStreamError.truncatedFrame.description.hasPrefix("truncatedFrame: "))
    }
}
