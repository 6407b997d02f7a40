import NIOCore

/// The line being assembled for one stream of a ``LogLineAssembler``: its bytes so far and its timestamp.
struct PartialLine: Sendable {
    /// How far into a line a timestamp prefix is looked for: 35 bytes is the longest RFC 3339 form with nine
    /// fraction digits and an offset, and a TTY line start is held back at most this long to decide.
    static let prefixWindow = 40
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let space = UInt8(ascii: " ")
    /// Above this, a finished line's storage is released rather than kept for the next one.
    static let retainedCapacity = 4096

    let stream: LogStream
    private var bytes: [UInt8] = []
    private var timestamp: DockerTimestamp?
    /// A line is in progress: text or a timestamp prefix has arrived since the last line ended.
    private var started = false
    /// Part of this line already went out because it passed the length limit.
    private var emittedPiece = false
    /// TTY mode: the start of the current line has been checked for a timestamp prefix.
    private var prefixResolved = false

    init(stream: LogStream) {
        self.stream = stream
    }

    /// Adds one frame's payload: a timestamp prefix is stripped from the frame's start, not from each line.
    mutating func append(frame payload: ByteBuffer, timestamps: Bool, limit: Int, into lines: inout [LogLine]) {
        payload.withUnsafeReadableBytes { raw in
            let input = raw.assumingMemoryBound(to: UInt8.self)
            var start = 0
            var frameTimestamp: DockerTimestamp?
            if timestamps, let (timestamp, length) = Self.timestampPrefix(in: input) {
                frameTimestamp = timestamp
                start = length
            }
            // A continuation piece keeps the timestamp of the line's first piece.
            if !self.started { self.timestamp = frameTimestamp }
            self.consume(
                input,
                from: start,
                lookForPrefix: false,
                nextLineTimestamp: frameTimestamp,
                limit: limit,
                into: &lines
            )
        }
    }

    /// Adds raw TTY bytes: with timestamps, a prefix is looked for at the start of every line.
    mutating func append(raw: ByteBuffer, timestamps: Bool, limit: Int, into lines: inout [LogLine]) {
        raw.withUnsafeReadableBytes { raw in
            let input = raw.assumingMemoryBound(to: UInt8.self)
            self.consume(input, from: 0, lookForPrefix: timestamps, nextLineTimestamp: nil, limit: limit, into: &lines)
        }
    }

    /// Emits the line in progress, if any, as the stream has ended.
    mutating func finish(limit: Int, into lines: inout [LogLine]) {
        if self.started { self.endLine(limit: limit, into: &lines) }
        self.reset(timestamp: nil)
    }

    private mutating func consume(
        _ input: UnsafeBufferPointer<UInt8>,
        from start: Int,
        lookForPrefix: Bool,
        nextLineTimestamp: DockerTimestamp?,
        limit: Int,
        into lines: inout [LogLine]
    ) {
        var index = start
        while index < input.count {
            if lookForPrefix && !self.prefixResolved {
                index = self.resolvePrefix(input, from: index)
                continue
            }
            if let newline = input[index...].firstIndex(of: Self.newline) {
                self.appendText(input[index..<newline], limit: limit, into: &lines)
                self.endLine(limit: limit, into: &lines)
                self.reset(timestamp: nextLineTimestamp)
                index = newline + 1
            } else {
                self.appendText(input[index...], limit: limit, into: &lines)
                index = input.count
            }
        }
    }

    /// Holds back the start of a TTY line until a space, a newline or `prefixWindow` bytes show whether it
    /// begins with a timestamp; returns where to go on reading.
    private mutating func resolvePrefix(_ input: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        let windowEnd = min(input.count, index + max(1, Self.prefixWindow - self.bytes.count))
        guard let delimiter = input[index..<windowEnd].firstIndex(where: { $0 == Self.space || $0 == Self.newline })
        else {
            self.bytes.append(contentsOf: input[index..<windowEnd])
            self.started = true
            self.prefixResolved = self.bytes.count >= Self.prefixWindow
            return windowEnd
        }
        self.bytes.append(contentsOf: input[index..<delimiter])
        self.prefixResolved = true
        if input[delimiter] == Self.space,
            let timestamp = self.bytes.withUnsafeBufferPointer({ DockerTimestamp.parse($0) })
        {
            self.timestamp = timestamp
            self.bytes.removeAll(keepingCapacity: true)
            self.started = true
            return delimiter + 1
        }
        // Not a timestamp: what was held back is the line's text; the delimiter is read as usual.
        if !self.bytes.isEmpty { self.started = true }
        return delimiter
    }

    private mutating func appendText(
        _ text: Slice<UnsafeBufferPointer<UInt8>>,
        limit: Int,
        into lines: inout [LogLine]
    ) {
        guard !text.isEmpty else { return }
        self.bytes.append(contentsOf: text)
        self.started = true
        // Strictly more than the limit, so the last byte (maybe a `\r` whose `\n` is still to come) stays.
        while self.bytes.count > limit { self.emitPiece(limit: limit, into: &lines) }
    }

    private mutating func emitPiece(limit: Int, into lines: inout [LogLine]) {
        // Back up to the start of a UTF-8 character so it is not split into two replacement characters.
        var cut = limit
        while cut > 1, cut > limit - 3, Self.isContinuation(self.bytes[cut]) { cut -= 1 }
        if Self.isContinuation(self.bytes[cut]) { cut = limit }
        lines.append(
            LogLine(
                timestamp: self.timestamp,
                stream: self.stream,
                text: String(decoding: self.bytes[..<cut], as: UTF8.self)
            )
        )
        self.bytes.removeFirst(cut)
        self.emittedPiece = true
    }

    private mutating func endLine(limit: Int, into lines: inout [LogLine]) {
        if self.bytes.last == Self.carriageReturn { self.bytes.removeLast() }
        while self.bytes.count > limit { self.emitPiece(limit: limit, into: &lines) }
        // A line that exactly filled its earlier pieces has no empty last piece.
        guard !(self.bytes.isEmpty && self.emittedPiece) else { return }
        lines.append(
            LogLine(timestamp: self.timestamp, stream: self.stream, text: String(decoding: self.bytes, as: UTF8.self))
        )
    }

    private mutating func reset(timestamp: DockerTimestamp?) {
        self.bytes.removeAll(keepingCapacity: self.bytes.capacity <= Self.retainedCapacity)
        self.timestamp = timestamp
        self.started = false
        self.emittedPiece = false
        self.prefixResolved = false
    }

    private static func isContinuation(_ byte: UInt8) -> Bool {
        byte & 0xC0 == 0x80
    }

    /// The timestamp and the prefix length (space included) when `input` starts with `<RFC 3339> `.
    static func timestampPrefix(in input: UnsafeBufferPointer<UInt8>) -> (DockerTimestamp, Int)? {
        let window = input[..<min(input.count, Self.prefixWindow + 1)]
        guard let space = window.firstIndex(of: Self.space),
            let timestamp = DockerTimestamp.parse(UnsafeBufferPointer(rebasing: input[..<space]))
        else { return nil }
        return (timestamp, space + 1)
    }
}
