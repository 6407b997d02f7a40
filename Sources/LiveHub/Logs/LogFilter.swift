import DockerEngine
import Foundation

/// A viewer's filter on log lines, applied on the server so only matching lines cross the network.
/// `@unchecked`: NSRegularExpression is immutable and documented as safe to share between threads.
public struct LogFilter: @unchecked Sendable {
    /// Only lines containing this text.
    public var contains: String?
    /// Only lines matching this expression.
    public var regex: NSRegularExpression?
    /// Only this stream.
    public var stream: LogStream?
    /// Only lines at or after this time.
    public var since: DockerTimestamp?

    /// The error for a regular expression that does not compile.
    public struct InvalidRegex: Error, CustomStringConvertible {
        /// Why.
        public let description: String
    }

    /// No filter.
    public init() {}

    /// Builds a filter; throws ``InvalidRegex`` for an invalid expression.
    public init(contains: String?, regex: String?, stream: LogStream?, since: DockerTimestamp?) throws {
        self.contains = contains.flatMap { $0.isEmpty ? nil : $0 }
        if let regex, !regex.isEmpty {
            do {
                self.regex = try NSRegularExpression(pattern: regex)
            } catch {
                throw InvalidRegex(description: "invalid regular expression '\(regex)': \(error.localizedDescription)")
            }
        }
        self.stream = stream
        self.since = since
    }

    /// What makes two filters pass the same lines: viewers with equal keys share one encoded batch.
    public struct Key: Hashable, Sendable {
        let contains: String?
        let regex: String?
        let stream: LogStream?
        let since: DockerTimestamp?
    }

    /// This filter's key.
    public var key: Key { Key(contains: contains, regex: regex?.pattern, stream: stream, since: since) }

    /// Whether every line passes.
    public var isEmpty: Bool { contains == nil && regex == nil && stream == nil && since == nil }

    /// Whether `line` passes.
    public func matches(_ line: LogLine) -> Bool {
        if let stream, line.stream != stream { return false }
        if let since, let timestamp = line.timestamp, timestamp < since { return false }
        if let contains, !line.text.contains(contains) { return false }
        if let regex {
            let range = NSRange(line.text.startIndex..<line.text.endIndex, in: line.text)
            if regex.firstMatch(in: line.text, range: range) == nil { return false }
        }
        return true
    }
}
