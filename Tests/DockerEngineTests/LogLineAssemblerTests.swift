import DockerEngine
import NIOCore
import Testing

@Suite struct LogLineAssemblerTests {
    typealias F = DecoderTestFixtures

    static let t1 = "2026-11-22T02:21:03.056988397Z"
    static let t2 = "2026-11-22T02:21:04.100000000Z"

    func out(_ text: String) -> MultiplexedFrame {
        MultiplexedFrame(stream: .stdout, payload: ByteBuffer(string: text))
    }

    func err(_ text: String) -> MultiplexedFrame {
        MultiplexedFrame(stream: .stderr, payload: ByteBuffer(string: text))
    }

    func ts(_ text: String) -> DockerTimestamp {
        DockerTimestamp(rfc3339: text)!
    }

    @Test func splitsSeveralLinesInOneFrame() {
        var assembler = LogLineAssembler(timestamps: false)
        let lines = assembler.append(frame: out("got:ping\nFOO=bar\n/bin\n"))
        #expect(lines.map(\.text) == ["got:ping", "FOO=bar", "/bin"])
        #expect(lines.allSatisfy { $0.stream == .stdout && $0.timestamp == nil })
        #expect(assembler.finish().isEmpty)
    }

    @Test func keepsEmptyLines() {
        var assembler = LogLineAssembler(timestamps: false)
        #expect(assembler.append(frame: out("\n\nx\n")).map(\.text) == ["", "", "x"])
    }

    @Test func joinsAPartialLineWithTheNextFramesOutput() {
        // `printf "a\nb\nc"`, then more output: the engine sends `c` joined to what follows.
        var assembler = LogLineAssembler(timestamps: false)
        #expect(assembler.append(frame: out("a\nb\nc")).map(\.text) == ["a", "b"])
        #expect(assembler.append(frame: out("d and more\ne")).map(\.text) == ["cd and more"])
        #expect(assembler.finish().map(\.text) == ["e"])
    }

    @Test func reassemblesA20000CharacterLineFromJSONFileFrames() {
        // Observed on the engine: frames of 16384 and then 3618 bytes, only the last ending in `\n`.
        let text = F.patternText(count: 16384 + 3617)
        let utf8 = Array(text.utf8)
        var assembler = LogLineAssembler(timestamps: false)
        #expect(assembler.append(frame: out(String(decoding: utf8[..<16384], as: UTF8.self))).isEmpty)
        let lines = assembler.append(frame: out(String(decoding: utf8[16384...], as: UTF8.self) + "\n"))
        #expect(lines.count == 1)
        #expect(lines.first?.text == text)
        #expect(lines.first?.text.utf8.count == 20001)
    }

    @Test func reassemblesALongLineWhoseEveryFrameHasATimestamp() {
        let text = F.patternText(count: 16384 + 3617, seed: 3)
        let utf8 = Array(text.utf8)
        var assembler = LogLineAssembler(timestamps: true)
        let first = Self.t1 + " " + String(decoding: utf8[..<16384], as: UTF8.self)
        let second = Self.t2 + " " + String(decoding: utf8[16384...], as: UTF8.self) + "\n"
        #expect(assembler.append(frame: out(first)).isEmpty)
        let lines = assembler.append(frame: out(second))
        #expect(lines == [LogLine(timestamp: ts(Self.t1), stream: .stdout, text: text)])
    }

    @Test func stripsEachFramesTimestamp() {
        var assembler = LogLineAssembler(timestamps: true)
        let a = assembler.append(frame: out("\(Self.t1) out line 45\n"))
        let b = assembler.append(frame: err("\(Self.t2) err line\n"))
        #expect(a == [LogLine(timestamp: ts(Self.t1), stream: .stdout, text: "out line 45")])
        #expect(b == [LogLine(timestamp: ts(Self.t2), stream: .stderr, text: "err line")])
    }

    @Test func keepsTextThatOnlyLooksLikeATimestamp() {
        var assembler = LogLineAssembler(timestamps: true)
        let lines = assembler.append(frame: out("2026-13-22T02:21:03Z is not a date\nhello world\n"))
        #expect(lines.map(\.text) == ["2026-13-22T02:21:03Z is not a date", "hello world"])
        #expect(lines.allSatisfy { $0.timestamp == nil })
    }

    @Test func keepsAPartialLinePerStream() {
        var assembler = LogLineAssembler(timestamps: true)
        #expect(assembler.append(frame: out("\(Self.t1) out-")).isEmpty)
        #expect(assembler.append(frame: err("\(Self.t2) err-")).isEmpty)
        #expect(
            assembler.append(frame: out("\(Self.t2) end\n"))
                == [LogLine(timestamp: ts(Self.t1), stream: .stdout, text: "out-end")]
        )
        #expect(assembler.append(frame: err("\(Self.t1) end\n")).map(\.text) == ["err-end"])
    }

    @Test func finishFlushesTheLastLineOfEachStream() {
        var assembler = LogLineAssembler(timestamps: true)
        _ = assembler.append(frame: err("\(Self.t2) no newline on stderr"))
        _ = assembler.append(frame: out("\(Self.t1) no newline on stdout"))
        let lines = assembler.finish()
        #expect(
            lines == [
                LogLine(timestamp: ts(Self.t1), stream: .stdout, text: "no newline on stdout"),
                LogLine(timestamp: ts(Self.t2), stream: .stderr, text: "no newline on stderr"),
            ]
        )
        #expect(assembler.finish().isEmpty)
    }

    @Test func ignoresEmptyFramesAndDropsStdin() {
        var assembler = LogLineAssembler(timestamps: false)
        #expect(assembler.append(frame: out("par")).isEmpty)
        #expect(assembler.append(frame: out("")).isEmpty)
        #expect(
            assembler.append(frame: MultiplexedFrame(stream: .stdin, payload: ByteBuffer(string: "typed\n"))).isEmpty
        )
        #expect(assembler.append(frame: out("tial\n")).map(\.text) == ["partial"])
    }

    @Test func repairsInvalidUTF8() {
        var assembler = LogLineAssembler(timestamps: false)
        let bytes: [UInt8] = [0x6F, 0x6B, 0xFF, 0xC3, 0x0A, 0xE2, 0x82, 0xAC, 0x0A]  // "ok", junk, "\n", "€\n"
        let lines = assembler.append(frame: MultiplexedFrame(stream: .stdout, payload: ByteBuffer(bytes: bytes)))
        #expect(lines.count == 2)
        #expect(lines.first?.text.hasPrefix("ok") == true)
        #expect(lines.first?.text.unicodeScalars.contains("\u{FFFD}") == true)
        #expect(lines.last?.text == "€")
    }

    @Test func emitsAnOverlongLineInBoundedPieces() {
        var assembler = LogLineAssembler(timestamps: true, maxLineBytes: 10)
        var lines = assembler.append(frame: out("\(Self.t1) 0123456789abcdefghij"))
        lines += assembler.append(frame: out("\(Self.t2) ABCDE\n"))
        #expect(lines.map(\.text) == ["0123456789", "abcdefghij", "ABCDE"])
        #expect(lines.allSatisfy { $0.timestamp == ts(Self.t1) })
    }

    @Test func cutsPiecesAtACharacterBoundary() {
        let text = String(repeating: "é€😀x", count: 20)
        var assembler = LogLineAssembler(timestamps: false, maxLineBytes: 16)
        let lines = assembler.append(frame: out(text + "\n"))
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.text.utf8.count <= 16 && !$0.text.unicodeScalars.contains("\u{FFFD}") })
        #expect(lines.map(\.text).joined() == text)
    }

    @Test func aLineThatExactlyFillsAPieceHasNoEmptyTail() {
        var assembler = LogLineAssembler(timestamps: false, maxLineBytes: 5)
        #expect(assembler.append(frame: out("abcde\r")).map(\.text) == ["abcde"])
        #expect(assembler.append(frame: out("\nnext\n")).map(\.text) == ["next"])
    }

    @Test func ttySplitsCRLFDividedBetweenReads() {
        var assembler = LogLineAssembler(timestamps: false)
        var lines = assembler.append(raw: ByteBuffer(string: "tty-line\r"))
        #expect(lines.isEmpty)
        lines += assembler.append(raw: ByteBuffer(string: "\nsecond\r\nthird"))
        lines += assembler.finish()
        #expect(lines.map(\.text) == ["tty-line", "second", "third"])
        #expect(lines.allSatisfy { $0.stream == .stdout })
    }

    @Test func ttyStripsATimestampAtEachLineStartEvenWhenSplit() {
        let stream = "\(Self.t1) first\r\n\(Self.t2) second line\r\nno stamp here\r\n"
        let expected = [
            LogLine(timestamp: ts(Self.t1), stream: .stdout, text: "first"),
            LogLine(timestamp: ts(Self.t2), stream: .stdout, text: "second line"),
            LogLine(timestamp: nil, stream: .stdout, text: "no stamp here"),
        ]
        var whole = LogLineAssembler(timestamps: true)
        #expect(whole.append(raw: ByteBuffer(string: stream)) + whole.finish() == expected)

        var dripped = LogLineAssembler(timestamps: true)
        var lines: [LogLine] = []
        for chunk in F.bytewise(ByteBuffer(string: stream)) { lines += dripped.append(raw: chunk) }
        #expect(lines + dripped.finish() == expected)
    }
}
