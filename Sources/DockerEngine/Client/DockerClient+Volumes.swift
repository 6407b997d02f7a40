import NIOCore

extension DockerClient {
    /// `GET /volumes`.
    public func listVolumes(filters: DockerFilters = [:]) async throws -> [Volume] {
        let query = filters.queryValue.map { [("filters", $0)] } ?? []
        return try await transport.decode(VolumeListResponse.self, .GET, "/volumes", query: query).volumes ?? []
    }

    /// `GET /volumes/{name}`.
    public func inspectVolume(_ name: String) async throws -> Volume {
        let name = try ObjectReference.validate(name, kind: .volume)
        return try await transport.decode(Volume.self, .GET, "/volumes/\(name)")
    }

    /// `GET /volumes/{name}` as the engine's raw JSON document.
    public func inspectVolumeDocument(_ name: String) async throws -> ByteBuffer {
        let name = try ObjectReference.validate(name, kind: .volume)
        return try await transport.data(.GET, "/volumes/\(name)")
    }

    /// `POST /volumes/create`.
    public func createVolume(_ request: VolumeCreateRequest) async throws -> Volume {
        if let name = request.name { try ObjectReference.validate(name, kind: .volume) }
        return try await transport.decode(Volume.self, .POST, "/volumes/create", json: request)
    }

    /// `DELETE /volumes/{name}`: 409 (`conflict`) while in use.
    public func removeVolume(_ name: String, force: Bool = false) async throws {
        let name = try ObjectReference.validate(name, kind: .volume)
        _ = try await transport.data(.DELETE, "/volumes/\(name)", query: [("force", force ? "1" : "0")])
    }

    /// `POST /volumes/prune`: on API 1.41 every unused volume, named ones included.
    public func pruneVolumes(filters: DockerFilters = [:]) async throws -> VolumePruneResponse {
        try await pruneWaitingForOthers {
            try await transport.decode(
                VolumePruneResponse.self, .POST, "/volumes/prune",
                query: filters.queryValue.map { [("filters", $0)] } ?? [], timeout: .minutes(10)
            )
        }
    }
}
