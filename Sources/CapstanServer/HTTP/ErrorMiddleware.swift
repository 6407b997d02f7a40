import DockerEngine
import Foundation
import Hummingbird
import Logging

/// Turns every error into the API's JSON error answer with the right status.
///
/// Whatever the client did wrong is a 4xx naming the problem; a 500 only ever means a bug in
/// Capstan, and then the client sees a request id to quote while the details go to the log.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Creates the middleware.
    public init() {}

    /// Runs the rest of the chain and maps what it throws.
    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let mapped = Self.map(error, engine: context.parameters.get("engine"))
            if mapped.status.code >= 500 && !(error is DockerError) {
                context.logger.error(
                    "request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"]
                )
            }
            return try mapped.response(from: request, context: context)
        }
    }

    /// The API error for anything thrown while handling a request.
    static func map(_ error: any Error, engine: String?) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as DockerError:
            return APIError(error, engine: engine)
        case let error as DecodingError:
            return decodingError(error)
        case let error as HTTPError:
            return httpError(error)
        case let error as any HTTPResponseError:
            // Framework errors describe themselves in their own terms; the client gets a sentence.
            let message = error.status.code == 413 ? "the request body is too large" : error.status.reasonPhrase
            return APIError(error.status, code: code(for: error.status.code), message: message)
        default:
            return APIError(
                .internalServerError, code: "internal_error",
                message: "Capstan failed to handle this request; the server log has the details"
            )
        }
    }

    /// A 400 naming the field of a malformed JSON body.
    static func decodingError(_ error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey]) -> String {
            let text = codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return .badRequest(field: field, "the body is missing the field '\(field)'")
        case .typeMismatch(let type, let context):
            let field = path(context.codingPath)
            return .badRequest(field: field.isEmpty ? "body" : field, "the field '\(field)' must be of type \(type)")
        case .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return .badRequest(field: field.isEmpty ? "body" : field, "the field '\(field)' must be a \(type), not null")
        case .dataCorrupted(let context):
            let field = path(context.codingPath)
            return .badRequest(field: field.isEmpty ? "body" : field, "the body is not valid JSON: \(context.debugDescription)")
        @unknown default:
            return .badRequest(field: "body", "the body could not be decoded")
        }
    }

    /// Hummingbird's own errors (unknown route, body too large) in the API's envelope.
    static func httpError(_ error: HTTPError) -> APIError {
        let status = error.status
        let message: String
        switch status.code {
        case 404: message = error.body ?? "no such route"
        case 405: message = error.body ?? "method not allowed on this route"
        case 413: message = error.body ?? "the request body is too large"
        default: message = error.body ?? status.reasonPhrase
        }
        return APIError(status, code: code(for: status.code), message: message)
    }

    private static func code(for status: Int) -> String {
        switch status {
        case 400: "bad_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 503: "unavailable"
        default: status >= 500 ? "internal_error" : "bad_request"
        }
    }
}
