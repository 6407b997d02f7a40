import Foundation
import NIOCore
import NIOFoundationCompat

/// An error from the Docker engine or from reaching it.
///
/// The engine answers with an HTTP status and a `{"message": …}` body (or, rarely, plain text);
/// ``code`` classifies it so callers never parse messages, ``message`` keeps the engine's words and
/// ``status`` the HTTP status when the engine answered at all (`nil` for a vanished socket).
public struct DockerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is. New codes can be added without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        fileprivate enum Base: String, Sendable {
            case badRequest, notFound, conflict, notModified, forbidden, engineError
            case unreachable, timeout, invalidResponse, streamFailed
        }
        fileprivate let base: Base

        /// The engine rejected the request's parameters (HTTP 400, or a 500 caused by a bad parameter).
        public static let badRequest = Code(base: .badRequest)
        /// The object does not exist (HTTP 404).
        public static let notFound = Code(base: .notFound)
        /// The object is in a state that forbids the action (409, and the 500s that mean the same).
        public static let conflict = Code(base: .conflict)
        /// The object already was in the requested state (HTTP 304).
        public static let notModified = Code(base: .notModified)
        /// The engine refuses the action on this object (HTTP 403: built-in network, active endpoints).
        public static let forbidden = Code(base: .forbidden)
        /// The engine failed for a reason of its own (other 5xx).
        public static let engineError = Code(base: .engineError)
        /// The engine could not be reached: no socket, connection refused or lost, TLS failure.
        public static let unreachable = Code(base: .unreachable)
        /// The engine did not answer in time.
        public static let timeout = Code(base: .timeout)
        /// The engine's answer could not be understood.
        public static let invalidResponse = Code(base: .invalidResponse)
        /// A streaming response failed part way (for example an `error` line in a progress stream).
        public static let streamFailed = Code(base: .streamFailed)

        /// A stable, snake-case name for the code (`not_found`, `conflict`, …).
        public var description: String {
            switch base {
            case .badRequest: "bad_request"
            case .notFound: "not_found"
            case .conflict: "conflict"
            case .notModified: "not_modified"
            case .forbidden: "forbidden"
            case .engineError: "engine_error"
            case .unreachable: "engine_unreachable"
            case .timeout: "engine_timeout"
            case .invalidResponse: "invalid_engine_response"
            case .streamFailed: "stream_failed"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// The engine's own message, or a description of the transport failure.
    public let message: String
    /// The HTTP status the engine answered with, when it answered.
    public let status: Int?

    /// Creates an error.
    public init(code: Code, message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// `code: message (HTTP status)`.
    public var description: String {
        if let status { return "\(code): \(message) (HTTP \(status))" }
        return "\(code): \(message)"
    }
}

extension DockerError {
    /// Messages of HTTP 500 answers that really mean "the object is in the wrong state".
    ///
    /// The engine reports some conflicts as 500 (unpause of a running container is the verified one).
    private static let conflictMarkers = [
        "is not paused", "is already paused", "is not running", "is paused", "is restarting",
        "already in progress", "is already running", "is dead", "marked for removal",
    ]
    /// Messages of HTTP 500 answers caused by a malformed parameter (`since=abc`).
    private static let badParameterMarkers = ["strconv.Parse", "invalid syntax", "unexpected EOF"]

    /// Classifies an engine error answer from its status and body.
    static func fromResponse(status: Int, body: ByteBuffer?) -> DockerError {
        let message = Self.message(from: body) ?? "HTTP \(status) from the engine"
        let code: Code
        switch status {
        case 304: code = .notModified
        case 400: code = .badRequest
        case 403: code = .forbidden
        case 404: code = .notFound
        case 409: code = .conflict
        case 500:
            if conflictMarkers.contains(where: message.contains) {
                code = .conflict
            } else if badParameterMarkers.contains(where: message.contains) {
                code = .badRequest
            } else {
                code = .engineError
            }
        default: code = status >= 500 ? .engineError : .badRequest
        }
        return DockerError(code: code, message: message, status: status)
    }

    /// Reads `{"message": …}`, falling back to the plain-text body the engine sends for some errors.
    private static func message(from body: ByteBuffer?) -> String? {
        guard let body, body.readableBytes > 0 else { return nil }
        struct Envelope: Decodable { let message: String }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: body) {
            return envelope.message
        }
        let text = String(buffer: body).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : String(text.prefix(2000))
    }
}
