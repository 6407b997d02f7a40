import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOSSL
import Synchronization

/// The HTTP/1.1 side of a ``DockerClient``: URLs, version negotiation, sending, error mapping.
///
/// Two connection pools: one for ordinary requests, one for streams. A follow stream holds its
/// connection until it ends, so streams get a pool with a high connection limit of their own and no
/// read timeout (a quiet `/events` stream is normal); ordinary requests are bounded by a deadline.
final class EngineTransport: Sendable {
    let host: DockerHost
    let logger: Logger
    let requestTimeout: TimeAmount
    private let requestClient: HTTPClient
    private let streamClient: HTTPClient
    private let baseURL: String
    /// The TLS settings of a `tcp://` engine with TLS, for connections made outside the pools (exec).
    let tlsConfiguration: TLSConfiguration?
    private let negotiated = Mutex<APIVersion?>(nil)

    /// The largest body read into memory for a non-streaming answer.
    static let maxBodyBytes = 128 * 1024 * 1024

    init(host: DockerHost, logger: Logger, requestTimeout: TimeAmount) throws {
        self.host = host
        self.logger = logger
        self.requestTimeout = requestTimeout
        var tlsConfiguration: TLSConfiguration?
        switch host.endpoint {
        case .unix(let path):
            guard let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlHostAllowed) else {
                throw DockerError(code: .badRequest, message: "invalid socket path '\(path)'")
            }
            baseURL = "http+unix://\(encoded)"
        case .tcp(let hostName, let port):
            let literal = hostName.contains(":") ? "[\(hostName)]" : hostName
            if let tls = host.tls {
                baseURL = "https://\(literal):\(port)"
                tlsConfiguration = try Self.makeTLSConfiguration(tls)
            } else {
                baseURL = "http://\(literal):\(port)"
            }
        }
        func configuration(connections: Int) -> HTTPClient.Configuration {
            var configuration = HTTPClient.Configuration(
                tlsConfiguration: tlsConfiguration,
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(5), read: nil),
                connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
            )
            configuration.httpVersion = .http1Only
            return configuration
        }
        requestClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration(connections: 16))
        streamClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration(connections: 4096))
        self.tlsConfiguration = tlsConfiguration
    }

    func shutdown() async throws {
        try await requestClient.shutdown()
        try await streamClient.shutdown()
    }

    /// The version every path is prefixed with, once negotiated.
    var apiVersion: APIVersion? { negotiated.withLock { $0 } }

    // MARK: Negotiation

    /// `GET /_ping` without a version prefix: liveness and the engine's API version.
    func ping() async throws -> PingResult {
        var request = HTTPClientRequest(url: baseURL + "/_ping")
        request.method = .GET
        request.headers.add(name: "Host", value: "docker")
        let response: HTTPClientResponse
        do {
            response = try await requestClient.execute(request, timeout: .seconds(5), logger: logger)
        } catch {
            throw mapTransportError(error)
        }
        let body = try? await response.body.collect(upTo: 64 * 1024)
        guard response.status == .ok else {
            throw DockerError.fromResponse(status: Int(response.status.code), body: body)
        }
        let version = response.headers.first(name: "Api-Version").flatMap { APIVersion($0) }
        let result = PingResult(
            apiVersion: version,
            osType: response.headers.first(name: "Ostype"),
            server: response.headers.first(name: "Server"),
            experimental: response.headers.first(name: "Docker-Experimental") == "true"
        )
        // The CLI's rule: min(our newest, the engine's); an engine that sends no header speaks 1.24.
        let chosen = min(max(version ?? .minimumSupported, .minimumSupported), .maximumSupported)
        negotiated.withLock { $0 = chosen }
        return result
    }

    func negotiatedVersion() async throws -> APIVersion {
        if let version = negotiated.withLock({ $0 }) { return version }
        _ = try await ping()
        return negotiated.withLock { $0 } ?? .minimumSupported
    }

    // MARK: Sending

    /// Sends a request and returns the response once its head arrived, with a 2xx or 101 status.
    ///
    /// Any other status becomes a ``DockerError`` (304 included: callers that expect it translate it).
    func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: HTTPClientRequest.Body? = nil,
        contentType: String? = nil,
        streaming: Bool = false,
        timeout: TimeAmount? = nil
    ) async throws -> HTTPClientResponse {
        let version = try await negotiatedVersion()
        var request = HTTPClientRequest(url: baseURL + "/v\(version)" + path + Self.encode(query))
        request.method = method
        request.headers.add(name: "Host", value: "docker")
        request.headers.add(name: "User-Agent", value: "capstan")
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        request.body = body
        let client = streaming ? streamClient : requestClient
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: timeout ?? requestTimeout, logger: logger)
        } catch {
            throw mapTransportError(error)
        }
        let status = Int(response.status.code)
        if (200..<300).contains(status) || status == 101 { return response }
        let errorBody = try? await response.body.collect(upTo: 1024 * 1024)
        throw DockerError.fromResponse(status: status, body: errorBody)
    }

    /// Sends a request and reads the whole body.
    func data(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: HTTPClientRequest.Body? = nil,
        contentType: String? = nil,
        timeout: TimeAmount? = nil
    ) async throws -> ByteBuffer {
        let response = try await send(method, path, query: query, body: body, contentType: contentType, timeout: timeout)
        do {
            return try await response.body.collect(upTo: Self.maxBodyBytes)
        } catch {
            throw mapTransportError(error)
        }
    }

    /// Sends a request and decodes a JSON body.
    func decode<Value: Decodable>(
        _ type: Value.Type,
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        json: (some Encodable)? = nil as Never?,
        timeout: TimeAmount? = nil
    ) async throws -> Value {
        var body: HTTPClientRequest.Body?
        if let json { body = .bytes(ByteBuffer(data: try JSONEncoder().encode(json))) }
        let buffer = try await data(
            method, path, query: query, body: body, contentType: json == nil ? nil : "application/json", timeout: timeout
        )
        return try Self.decodeJSON(type, from: buffer)
    }

    /// Decodes engine JSON, turning a decoding failure into an `invalidResponse` error.
    static func decodeJSON<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
        do {
            return try JSONDecoder().decode(type, from: buffer)
        } catch {
            throw DockerError(code: .invalidResponse, message: "cannot decode the engine's \(Value.self): \(error)")
        }
    }

    /// Turns a transport failure into a ``DockerError``; cancellation stays cancellation.
    func mapTransportError(_ error: any Error) -> any Error {
        if error is DockerError || error is CancellationError { return error }
        if let clientError = error as? HTTPClientError {
            if clientError == .cancelled { return CancellationError() }
            if clientError == .deadlineExceeded || clientError == .readTimeout {
                return DockerError(code: .timeout, message: "the Docker engine at \(host) did not answer in time")
            }
        }
        // Whatever else failed (no socket, refused, reset, TLS), the engine is not reachable:
        // forget the negotiated version, the engine may come back as another version.
        negotiated.withLock { $0 = nil }
        return DockerError(code: .unreachable, message: "cannot reach the Docker engine at \(host): \(error)")
    }

    // MARK: Helpers

    private static let queryAllowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    /// `?a=1&b=x%20y`, or empty.
    static func encode(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        return "?" + query.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: queryAllowed) ?? "")"
        }.joined(separator: "&")
    }

    private static func makeTLSConfiguration(_ tls: DockerHost.TLS) throws -> TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        do {
            if let ca = tls.caFile {
                configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(ca))
            }
            if let certificate = tls.certificateFile, let key = tls.keyFile {
                configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(certificate).map { .certificate($0) }
                configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
            }
        } catch {
            throw DockerError(code: .badRequest, message: "cannot load the TLS files for the Docker engine: \(error)")
        }
        configuration.certificateVerification = tls.verify ? .fullVerification : .none
        return configuration
    }
}
