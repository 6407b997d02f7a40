import CapstanWire
import DockerEngine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error answer of the Capstan API: an HTTP status and the `{"error":{…}}` body.
///
/// Engine errors are mapped here, at the edge, and nowhere else: the engine client knows nothing
/// of HTTP statuses towards clients.
public struct APIError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// The body.
    public var body: ErrorBody

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, code: String, message: String, field: String? = nil, engine: String? = nil) {
        self.status = status
        self.body = ErrorBody(code: code, message: message, field: field, engine: engine)
    }

    /// 400 naming the request field that was wrong.
    public static func badRequest(field: String, _ message: String) -> APIError {
        APIError(.badRequest, code: "bad_request", message: message, field: field)
    }

    /// 404 for an object that does not exist.
    public static func notFound(_ message: String, engine: String? = nil) -> APIError {
        APIError(.notFound, code: "not_found", message: message, engine: engine)
    }

    /// Maps an engine error to what the client should see.
    public init(_ error: DockerError, engine: String?) {
        let status: HTTPResponse.Status
        var code = error.code.description
        switch error.code {
        case .badRequest: status = .badRequest
        case .notFound: status = .notFound
        case .conflict, .notModified: status = .conflict
        // Built-in networks and networks with endpoints: the object's state forbids it, not the caller's role.
        case .forbidden:
            status = .conflict
            code = "conflict"
        case .unreachable: status = .serviceUnavailable
        case .timeout: status = .gatewayTimeout
        default: status = .badGateway
        }
        self.init(status, code: code, message: error.message, engine: engine)
    }

    /// The JSON answer.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(ErrorResponse(error: body))
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
