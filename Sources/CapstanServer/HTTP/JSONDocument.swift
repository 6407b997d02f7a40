import Hummingbird
import NIOCore

/// A JSON document passed through as the engine sent it (inspect, info), not re-encoded.
struct JSONDocument: ResponseGenerator {
    let buffer: ByteBuffer
    var status: HTTPResponse.Status = .ok

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }
}

/// An encodable value answered with a status other than 200 (201 Created).
struct Created<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try context.responseEncoder.encode(value, from: request, context: context)
        response.status = .created
        return response
    }
}
