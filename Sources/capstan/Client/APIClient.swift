import AsyncHTTPClient
import CapstanWire
import Foundation
import NIOCore
import NIOFoundationCompat

/// A small client of the Capstan REST API, for the CLI's commands.
struct APIClient {
    let baseURL: String

    /// GETs a path and decodes the JSON answer; an error answer becomes a readable error.
    func get<Value: Decodable>(_ path: String, as type: Value.Type) async throws -> Value {
        let request = HTTPClientRequest(url: baseURL + path)
        let response: HTTPClientResponse
        do {
            response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
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
