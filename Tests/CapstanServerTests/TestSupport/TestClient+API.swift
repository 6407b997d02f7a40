import CapstanWire
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Testing

extension TestClientProtocol {
    /// Sends a request: `path` as written (already percent-encoded where needed), `query` encoded here.
    func send(
        _ method: HTTPRequest.Method, _ path: String, query: KeyValuePairs<String, String> = [:], json: String? = nil,
        body: ByteBuffer? = nil, contentType: String? = nil
    ) async throws -> TestResponse {
        var uri = path
        if !query.isEmpty {
            uri += "?" + query.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        }
        var headers = HTTPFields()
        if let token = TestToken.current { headers[.authorization] = "Bearer \(token)" }
        if let type = contentType ?? (json == nil ? nil : "application/json") { headers[.contentType] = type }
        let payload = json.map { ByteBuffer(string: $0) } ?? body
        return try await executeRequest(uri: uri, method: method, headers: headers, body: payload)
    }

    /// Sends an encodable body as JSON.
    func send(
        _ method: HTTPRequest.Method, _ path: String, query: KeyValuePairs<String, String> = [:], encoding body: some Encodable
    ) async throws -> TestResponse {
        let data = try JSONEncoder().encode(body)
        return try await send(method, path, query: query, json: String(decoding: data, as: UTF8.self))
    }

    /// Percent-encodes everything but RFC 3986's unreserved characters.
    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// `/api/v1/engines/local/…`.
func api(_ path: String) -> String { "/api/v1/engines/\(engineName)/\(path)" }

extension TestResponse {
    /// The body as text.
    var text: String { String(buffer: body) }

    /// The body as untyped JSON, to check the exact wire shape.
    func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
    }

    /// The body decoded as a wire type.
    func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
        } catch {
            throw UnexpectedBody(status: status.code, body: text, error: "\(error)")
        }
    }
}

/// A body that is not what the test expected, shown whole in the failure.
struct UnexpectedBody: Error, CustomStringConvertible {
    let status: Int
    let body: String
    let error: String
    var description: String { "HTTP \(status) with body \(body.prefix(2000)): \(error)" }
}

/// Expects a status, showing the body when it differs.
func expectStatus(
    _ response: TestResponse, _ status: HTTPResponse.Status, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "body: \(response.text.prefix(1000))", sourceLocation: sourceLocation)
}

/// Expects the API's error envelope `{"error":{"code","message","field"?,"engine"?}}` with this status, code and field.
@discardableResult
func expectError(
    _ response: TestResponse, _ status: HTTPResponse.Status, code: String, field: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) -> ErrorBody? {
    expectStatus(response, status, sourceLocation: sourceLocation)
    #expect(
        response.headers[.contentType]?.hasPrefix("application/json") == true, "content type of \(response.text)",
        sourceLocation: sourceLocation)
    guard let envelope = try? response.json(), let error = envelope["error"].object else {
        Issue.record("not the error envelope: \(response.text)", sourceLocation: sourceLocation)
        return nil
    }
    #expect(envelope.object.map { Array($0.keys) } == ["error"], sourceLocation: sourceLocation)
    #expect(error["code"]?.string == code, "body: \(response.text)", sourceLocation: sourceLocation)
    #expect(error["message"]?.string?.isEmpty == false, "body: \(response.text)", sourceLocation: sourceLocation)
    if let field {
        #expect(error["field"]?.string == field, "body: \(response.text)", sourceLocation: sourceLocation)
    }
    return try? response.decode(ErrorResponse.self).error
}
