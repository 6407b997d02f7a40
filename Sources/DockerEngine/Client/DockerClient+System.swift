import NIOCore

extension DockerClient {
    /// `GET /version`.
    public func version() async throws -> EngineVersion {
        try await transport.decode(EngineVersion.self, .GET, "/version")
    }

    /// `GET /info`.
    public func info() async throws -> EngineInfo {
        try await transport.decode(EngineInfo.self, .GET, "/info")
    }

    /// `GET /info` as the engine's raw JSON document.
    public func infoDocument() async throws -> ByteBuffer {
        try await transport.data(.GET, "/info")
    }

    /// `GET /system/df` (can take seconds on large hosts).
    public func diskUsage() async throws -> DiskUsage {
        try await transport.decode(DiskUsage.self, .GET, "/system/df", timeout: .minutes(5))
    }
}
