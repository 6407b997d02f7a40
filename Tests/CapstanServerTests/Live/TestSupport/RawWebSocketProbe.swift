/// How a test sees a close the server sends right after the upgrade.
///
/// The WebSocket client library was seen to miss such a close now and then (when it arrives in the same
/// read as the `101`) and wait forever; the probe reads the bytes themselves (``RawWebSocketExchange``), so
/// what it checks is the server's behaviour alone.
enum RawWebSocketProbe {
    /// The server's first close frame after the upgrade: its code and reason.
    struct Close: Sendable, Equatable {
        let code: UInt16
        let reason: String
        /// Text frames the server sent before its close (a refused connection gets none: not even a `welcome`).
        var textFramesBefore = 0
    }

    /// Upgrades `path` on `127.0.0.1:port` and returns the first close frame the server sends (nil when the
    /// connection ended without one).
    static func firstClose(port: Int, path: String, timeout: Duration = .seconds(20)) async throws -> Close? {
        let frames = try await RawWebSocketExchange.exchange(port: port, path: path, send: [], timeout: timeout) { $0.opcode == 0x8 }
        guard let close = frames.last, close.opcode == 0x8 else { return nil }
        let texts = frames.filter { $0.opcode == 0x1 }.count
        guard close.payload.count >= 2 else { return Close(code: 1005, reason: "", textFramesBefore: texts) }
        let code = UInt16(close.payload[0]) << 8 | UInt16(close.payload[1])
        return Close(code: code, reason: String(decoding: close.payload.dropFirst(2), as: UTF8.self), textFramesBefore: texts)
    }
}
