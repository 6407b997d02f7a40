import DockerEngine
import Foundation
import Hummingbird

/// Reads and checks query parameters, naming the parameter in every error.
struct QueryReader {
    let request: Request

    init(_ request: Request) { self.request = request }

    /// A raw value.
    func string(_ name: String) -> String? {
        request.uri.queryParameters.get(name)
    }

    /// `1`/`0`/`true`/`false`/`yes`/`no`; the default when absent.
    func bool(_ name: String, default value: Bool) throws -> Bool {
        guard let text = string(name) else { return value }
        switch text.lowercased() {
        case "1", "true", "yes", "on", "": return true
        case "0", "false", "no", "off": return false
        default: throw APIError.badRequest(field: name, "'\(name)' must be true or false, not '\(text)'")
        }
    }

    /// An integer in a range; nil when absent.
    func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw APIError.badRequest(
                field: name, "'\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'"
            )
        }
        return value
    }

    /// A time: Unix seconds with an optional fraction (`1795314060.5`) or RFC 3339 (`2026-11-22T02:21:03Z`).
    func timestamp(_ name: String) throws -> DockerTimestamp? {
        guard let text = string(name), !text.isEmpty else { return nil }
        if let value = DockerTimestamp.parseQuery(text) ?? DockerTimestamp(rfc3339: text) { return value }
        throw APIError.badRequest(
            field: name, "'\(name)' must be Unix seconds (e.g. 1795314060.5) or an RFC 3339 time, not '\(text)'"
        )
    }

    /// Engine filters as a JSON object of string lists: `{"label":["a=b"],"status":["running"]}`.
    func filters(_ name: String = "filters") throws -> DockerFilters {
        guard let text = string(name), !text.isEmpty else { return [:] }
        guard let values = try? JSONDecoder().decode([String: [String]].self, from: Data(text.utf8)) else {
            throw APIError.badRequest(
                field: name, "'\(name)' must be a JSON object of string lists, e.g. {\"label\":[\"app=web\"]}"
            )
        }
        return DockerFilters(values)
    }

    /// A reference (id or name) of an engine object.
    func reference(_ name: String, kind: ObjectReference.Kind) throws -> String? {
        guard let text = string(name) else { return nil }
        guard ObjectReference.isValid(text, kind: kind) else {
            throw APIError.badRequest(field: name, ObjectReference.invalidMessage(text, kind: kind))
        }
        return text
    }
}

extension Parameters {
    /// A path parameter that names an engine object, percent-decoded and validated.
    func reference(_ name: String, kind: ObjectReference.Kind) throws -> String {
        let raw = self.get(name) ?? ""
        let text = raw.removingPercentEncoding ?? raw
        guard ObjectReference.isValid(text, kind: kind) else {
            throw APIError.badRequest(field: name, ObjectReference.invalidMessage(text, kind: kind))
        }
        return text
    }
}
