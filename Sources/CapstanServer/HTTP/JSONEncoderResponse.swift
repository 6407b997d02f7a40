import Foundation
import Hummingbird
import NIOCore

/// Builds a JSON response outside a route's automatic encoding (when the status depends on the value).
enum JSONEncoderResponse {
    static func make(_ value: some Encodable) throws -> Response {
        let data = try JSONEncoder().encode(value)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(data: data)))
    }
}
