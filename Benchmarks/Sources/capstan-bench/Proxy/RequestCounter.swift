import Foundation
import Synchronization

/// Counts the Engine API requests that pass through the proxy, by kind and container.
///
/// Kinds: `logs_follow`, `logs`, `stats_stream`, `stats_once`, `events`, `ping`, `other`; keys are
/// `kind` and `kind:<12-character container id>`. The counts are written to a JSON file that the
/// scenarios read before and after a measured window.
final class RequestCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// Classifies every request line found in bytes sent towards the engine.
    ///
    /// A request head is written in one piece by the server's HTTP client, so a line starting with a
    /// method and a space, at the start of a chunk or after a CRLF, is a request (bodies of the
    /// server's requests are small JSON documents that never hold such a line).
    func scan(_ bytes: UnsafeRawBufferPointer) {
        var lineStart = 0
        var found: [String] = []
        while lineStart < bytes.count {
            var end = lineStart
            while end < bytes.count, bytes[end] != 10 { end += 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<end])
            if Self.isRequestLine(line) { found.append(String(decoding: line, as: UTF8.self)) }
            lineStart = end + 1
        }
        guard !found.isEmpty else { return }
        counts.withLock { counts in
            for line in found {
                for key in Self.keys(line) { counts[key, default: 0] += 1 }
                counts["total", default: 0] += 1
            }
        }
    }

    /// The counts now.
    var snapshot: [String: Int] { counts.withLock { $0 } }

    private static func isRequestLine(_ line: UnsafeRawBufferPointer) -> Bool {
        for method in ["GET /", "POST /", "DELETE /", "PUT /", "HEAD /"] where line.count > method.utf8.count {
            if line.prefix(method.utf8.count).elementsEqual(method.utf8) { return true }
        }
        return false
    }

    /// `["logs_follow", "logs_follow:abcdef012345"]` for one request line.
    static func keys(_ line: String) -> [String] {
        let parts = line.split(separator: " ")
        guard parts.count >= 2 else { return ["other"] }
        let target = parts[1]
        let path = target.split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        let query = target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let segments = path.split(separator: "/").map(String.init)
        var container: String?
        if let index = segments.firstIndex(of: "containers"), index + 1 < segments.count {
            container = String(segments[index + 1].prefix(12))
        }
        let kind: String
        if path.hasSuffix("/logs") {
            kind = query.contains("follow=1") || query.contains("follow=true") ? "logs_follow" : "logs"
        } else if path.hasSuffix("/stats") {
            kind = query.contains("stream=false") || query.contains("stream=0") ? "stats_once" : "stats_stream"
        } else if path.hasSuffix("/events") {
            kind = "events"
        } else if path.hasSuffix("/_ping") {
            kind = "ping"
        } else {
            kind = "other"
        }
        if let container, kind != "other" { return [kind, "\(kind):\(container)"] }
        return [kind]
    }
}
