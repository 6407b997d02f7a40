import CapstanWire
import DockerEngine
import Foundation
import LiveHub

// Requests checked into what the hub takes, and failures mapped to `error` replies: the edge of the
// protocol, apart from the connection's reading and writing.
extension LiveConnection {
    /// The engines a request names (all of them when it names none), or `not_found` on `engine`.
    func engines(_ name: String?) throws -> [EngineHub] {
        guard let name else { return hub.engines }
        guard let engine = hub.engine(name) else {
            throw HubError(code: "not_found", message: "no engine named '\(name)'", field: "engine")
        }
        return [engine]
    }

    /// A `subscribe_logs` checked field by field into the hub's request.
    func logRequest(_ message: SubscribeLogs) throws -> EngineHub.LogRequest {
        var request = EngineHub.LogRequest()
        request.containers = message.containers ?? []
        for reference in request.containers where !ObjectReference.isValid(reference, kind: .container) {
            throw HubError(code: "bad_message", message: ObjectReference.invalidMessage(reference, kind: .container), field: "containers")
        }
        request.project = message.project
        request.labels = message.labels ?? []
        let tail = message.tail ?? 100
        guard (0...hub.configuration.maxHistoryLines).contains(tail) else {
            throw HubError(code: "bad_message", message: "tail must be from 0 to \(hub.configuration.maxHistoryLines)", field: "tail")
        }
        request.history = tail
        var stream: LogStream?
        if let name = message.stream {
            guard let parsed = LogStream(rawValue: name), parsed != .stdin else {
                throw HubError(code: "bad_message", message: "stream must be stdout or stderr", field: "stream")
            }
            stream = parsed
        }
        var since: DockerTimestamp?
        if let text = message.since {
            guard let parsed = DockerTimestamp.parseQuery(text) ?? DockerTimestamp(rfc3339: text) else {
                throw HubError(code: "bad_message", message: "since must be Unix seconds or an RFC 3339 time", field: "since")
            }
            since = parsed
        }
        do {
            request.filter = try LogFilter(contains: message.contains, regex: message.regex, stream: stream, since: since)
        } catch let error as LogFilter.InvalidRegex {
            throw HubError(code: "bad_message", message: error.description, field: "regex")
        }
        request.resume = message.resume ?? [:]
        return request
    }

    /// The `error` reply to a subscription that failed.
    static func reply(for error: any Error, id: String?, sub: String) -> ErrorReply {
        switch error {
        case let error as HubError:
            return ErrorReply(id: id, sub: sub, code: error.code, message: error.message, field: error.field)
        case let error as DockerError:
            return ErrorReply(id: id, sub: sub, code: error.code.description, message: error.message)
        default:
            return ErrorReply(id: id, sub: sub, code: "internal_error", message: "the subscription failed: \(error)")
        }
    }

    /// An error reply naming what was wrong with a message.
    static func describe(_ error: any Error, data: Data) -> ErrorReply {
        let id = (try? JSONDecoder().decode(RequestOnly.self, from: data))?.id
        guard let error = error as? DecodingError else {
            return ErrorReply(id: id, code: "bad_message", message: "the message is not valid JSON")
        }
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return ErrorReply(id: id, code: "bad_message", message: "the message is missing the field '\(field)'", field: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return ErrorReply(id: id, code: "bad_message", message: "the field '\(field)' must be of type \(type)", field: field)
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            if field == "type" {
                let known = ClientMessage.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                return ErrorReply(id: id, code: "bad_message", message: "unknown message type; known types: \(known)", field: "type")
            }
            return ErrorReply(id: id, code: "bad_message", message: "the message is not valid JSON", field: field.isEmpty ? nil : field)
        @unknown default:
            return ErrorReply(id: id, code: "bad_message", message: "the message could not be read")
        }
    }
}
