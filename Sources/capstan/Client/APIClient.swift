import AsyncHTTPClient
import CapstanWire
import Foundation
import NIOCore
import NIOFoundationCompat

/// A small client of the Capstan REST API, for the CLI's commands.
struct APIClient {
    let baseURL: String
    /// The access token sent as `Authorization: Bearer`.
    var token: String? = nil

    /// GETs a path and decodes the JSON answer; an error answer becomes a readable error.
    func get<Value: Decodable>(_ path: String, as type: Value.Type) async throws -> Value {
        var request = HTTPClientRequest(url: baseURL + path)
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        return try await send(request, as: type)
    }

    /// POSTs a JSON body and decodes the JSON answer.
    func post<Value: Decodable>(_ path: String, json: some Encodable, as type: Value.Type) async throws -> Value {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(data: try JSONEncoder().encode(json)))
        return try await send(request, as: type)
    }

    private func send<Value: Decodable>(_ request: HTTPClientRequest, as type: Value.Type) async throws -> Value {
        let response: HTTPClientResponse
        do {
            response = try await CLIHTTPClient.shared.execute(request, timeout: .seconds(60))
        } catch {
            throw CLIError("cannot reach the Capstan server at \(baseURL): \(error)")
        }
        let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
        guard (200..<300).contains(response.status.code) else {
            if let envelope = try? JSONDecoder().decode(ErrorResponse.self, from: body) {
                throw CLIError("\(envelope.error.message) [\(envelope.error.code)]")
            }
            throw CLIError("the server answered \(response.status)")
        }
        return try JSONDecoder().decode(Value.self, from: body)
    }
}

/// An error a person reads on the terminal.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
