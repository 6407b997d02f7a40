import Foundation

/// Finds the request lines (`GET /v1.41/containers/…/logs?follow=1… HTTP/1.1`) in the client-to-server
/// bytes of an HTTP/1.1 connection, fed as they arrive: a pure value, no I/O.
///
/// It follows message framing (`Content-Length` and chunked bodies) so a body is never read as a
/// request. After a protocol upgrade the bytes are no longer HTTP: it stops and says so in ``isLost``.
struct HTTPRequestSniffer {
    private var buffer: [UInt8] = []
    private var bodyRemaining = 0
    private var chunked = false
    /// It met bytes it cannot follow (an upgrade, a malformed chunk) and ignores the rest.
    private(set) var isLost = false

    /// Takes the next bytes; returns the request lines they completed.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [String] {
        guard !isLost else { return [] }
        buffer.append(contentsOf: bytes)
        var lines: [String] = []
        while !isLost {
            if bodyRemaining > 0 {
                let skipped = min(bodyRemaining, buffer.count)
                buffer.removeFirst(skipped)
                bodyRemaining -= skipped
                if bodyRemaining > 0 { break }
            } else if chunked {
                guard let end = firstIndex(of: [13, 10]) else { break }
                let text = String(decoding: buffer[..<end], as: UTF8.self)
                guard let size = Int(text.split(separator: ";").first.map(String.init) ?? "", radix: 16) else {
                    isLost = true
                    break
                }
                // A chunk is "size CRLF data CRLF"; the last one, size 0, is followed by an empty line (no trailers here).
                let total = size == 0 ? end + 4 : end + 2 + size + 2
                guard buffer.count >= total else { break }
                buffer.removeFirst(total)
                if size == 0 { chunked = false }
            } else {
                guard let end = firstIndex(of: [13, 10, 13, 10]) else { break }
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                let headLines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
                lines.append(String(headLines.first ?? ""))
                for line in headLines.dropFirst() {
                    guard let colon = line.firstIndex(of: ":") else { continue }
                    let name = line[..<colon].lowercased()
                    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces).lowercased()
                    if name == "content-length" { bodyRemaining = Int(value) ?? 0 }
                    if name == "transfer-encoding" && value.contains("chunked") { chunked = true }
                    if name == "upgrade" { isLost = true }
                }
            }
        }
        return lines
    }

    private func firstIndex(of pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for start in 0...(buffer.count - pattern.count) where buffer[start] == pattern[0] {
            if buffer[start..<(start + pattern.count)].elementsEqual(pattern) { return start }
        }
        return nil
    }
}
