import NIOCore

/// The engine's answer to `POST /exec/{id}/start`, parsed from the raw bytes: a `101` head after which the
/// connection carries the process's stream, or an error status with a small JSON body.
///
/// A pure value fed bytes as they arrive. It parses just enough HTTP/1.1 for this one answer — the status line,
/// the headers, and an error body sized by `Content-Length`, chunked, or read to EOF — so that the switch to
/// the raw stream happens synchronously with the read that completes the head: the bytes behind the head
/// (the first output, even the process's whole output and EOF) are handed over in the same step.
struct ExecStartResponse {
    /// What the bytes so far amount to.
    enum Progress: Equatable {
        /// More bytes are needed.
        case incomplete
        /// The engine switched protocols; these bytes already belong to the raw stream.
        case switched(leftover: ByteBuffer)
        /// An answer other than `101`, complete: its status and body.
        case answered(status: Int, body: ByteBuffer)
    }

    /// The largest head accepted (the engine's are a few hundred bytes).
    static let maxHeadBytes = 64 * 1024
    /// The largest error body kept.
    static let maxBodyBytes = 1024 * 1024

    private enum Framing: Equatable {
        case length(Int)
        case chunked
        case toEOF
    }

    private var buffer = ByteBuffer()
    private var head: (status: Int, framing: Framing)?

    /// Adds bytes and says where the answer stands.
    ///
    /// - Throws: ``DockerError`` `invalidResponse` for something that is not an HTTP/1 answer.
    mutating func feed(_ bytes: ByteBuffer) throws -> Progress {
        var bytes = bytes
        buffer.writeBuffer(&bytes)
        if head == nil {
            guard let end = buffer.readableBytesView.firstRange(of: Self.headTerminator) else {
                if buffer.readableBytes > Self.maxHeadBytes { throw Self.invalid("an answer head longer than 64 KiB") }
                return .incomplete
            }
            let length = end.upperBound - buffer.readableBytesView.startIndex
            let text = String(decoding: buffer.readSlice(length: length)!.readableBytesView, as: UTF8.self)
            let parsed = try Self.parseHead(text)
            if parsed.status == 101 { return .switched(leftover: buffer.slice()) }
            if (200..<300).contains(parsed.status) {
                // Without the upgrade headers the engine hijacks anyway and answers 200 with the stream as its body.
                throw Self.invalid("status \(parsed.status) instead of 101 Switching Protocols")
            }
            head = parsed
        }
        return try body(atEOF: false)
    }

    /// The end of the connection: an error body read to EOF is complete now.
    ///
    /// - Throws: ``DockerError`` `unreachable` when the engine hung up before answering.
    mutating func finish() throws -> Progress {
        guard head != nil else {
            throw DockerError(code: .unreachable, message: "the Docker engine closed the connection before answering the exec start")
        }
        return try body(atEOF: true)
    }

    private mutating func body(atEOF: Bool) throws -> Progress {
        guard let (status, framing) = head else { return .incomplete }
        switch framing {
        case .length(let length):
            if buffer.readableBytes >= length || atEOF {
                return .answered(status: status, body: buffer.getSlice(at: buffer.readerIndex, length: min(length, buffer.readableBytes))!)
            }
        case .chunked:
            if let body = Self.dechunk(buffer) { return .answered(status: status, body: body) }
            if atEOF { return .answered(status: status, body: ByteBuffer()) }
        case .toEOF:
            if atEOF { return .answered(status: status, body: buffer) }
        }
        if buffer.readableBytes > Self.maxBodyBytes { return .answered(status: status, body: buffer) }
        return .incomplete
    }

    private static let headTerminator = Array("\r\n\r\n".utf8)

    private static func parseHead(_ text: String) throws -> (status: Int, framing: Framing) {
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: true)
        guard !lines.isEmpty else { throw invalid("an empty answer head") }
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]),
            (100...599).contains(status)
        else {
            throw invalid("'\(String(text.prefix(80)))' is not an HTTP/1 status line")
        }
        var framing = Framing.toEOF
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { throw invalid("a header line without ':'") }
            let name = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "transfer-encoding", value.lowercased().contains("chunked") {
                framing = .chunked
            } else if name == "content-length", framing != .chunked {
                guard let length = Int(value), length >= 0 else { throw invalid("Content-Length '\(value)'") }
                framing = .length(length)
            }
        }
        return (status, framing)
    }

    /// The payload of a complete chunked body, or nil while the last chunk has not arrived.
    private static func dechunk(_ buffer: ByteBuffer) -> ByteBuffer? {
        var input = buffer
        var output = ByteBuffer()
        while true {
            guard let lineEnd = input.readableBytesView.firstRange(of: Array("\r\n".utf8)) else { return nil }
            let sizeText = String(decoding: input.readSlice(length: lineEnd.lowerBound - input.readerIndex)!.readableBytesView, as: UTF8.self)
            input.moveReaderIndex(forwardBy: 2)
            guard let size = Int(sizeText.split(separator: ";").first ?? "", radix: 16) else { return output }
            if size == 0 { return output }
            guard input.readableBytes >= size + 2, var chunk = input.readSlice(length: size) else { return nil }
            output.writeBuffer(&chunk)
            input.moveReaderIndex(forwardBy: 2)
        }
    }

    private static func invalid(_ what: String) -> DockerError {
        DockerError(code: .invalidResponse, message: "the engine's answer to the exec start is not HTTP: \(what)")
    }
}
