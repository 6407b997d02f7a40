import CapstanWire
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore

/// A CLI connection to the server's WebSocket: send requests, handle each server message.
///
/// The handler returns whether to keep going; returning false closes the connection cleanly.
struct LiveSession {
    let url: String
    let token: String?

    /// `http://host:port` → `ws://host:port/api/v1/ws` (https → wss).
    init(server: String, token: String?) {
        self.token = token
        var base = server.hasSuffix("/") ? String(server.dropLast()) : server
        if base.hasPrefix("https://") { base = "wss://" + base.dropFirst("https://".count) }
        if base.hasPrefix("http://") { base = "ws://" + base.dropFirst("http://".count) }
        if !base.hasPrefix("ws://") && !base.hasPrefix("wss://") { base = "ws://" + base }
        self.url = base + "/api/v1/ws"
    }

    /// Connects, sends `requests`, and passes every message to `handle` until it returns false or the server closes.
    func run(_ requests: [ClientMessage], handle: @escaping @Sendable (ServerMessage) throws -> Bool) async throws {
        var logger = Logger(label: "capstan.cli")
        logger.logLevel = .critical
        let encoder = JSONEncoder()
        let decoder = JSONDecoder()
        let close: WebSocketCloseFrame?
        do {
            close = try await WebSocketClient.connect(
                url: url,
                configuration: .init(
                    maxFrameSize: 64 * 1024 * 1024,
                    additionalHeaders: token.map { [.authorization: "Bearer \($0)"] } ?? [:]
                ),
                logger: logger
            ) { inbound, outbound, _ in
                for request in requests {
                    try await outbound.write(.text(String(decoding: try encoder.encode(request), as: UTF8.self)))
                }
                for try await message in inbound.messages(maxSize: 64 * 1024 * 1024) {
                    guard case .text(let text) = message else { continue }
                    let decoded = try decoder.decode(ServerMessage.self, from: Data(text.utf8))
                    if try !handle(decoded) {
                        try await outbound.close(.normalClosure, reason: nil)
                        return
                    }
                }
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot talk to the Capstan server at \(url): \(error)")
        }
        if let close, close.closeCode != .normalClosure {
            throw CLIError("the server closed the connection: \(close.reason ?? "\(close.closeCode)")")
        }
    }
}
