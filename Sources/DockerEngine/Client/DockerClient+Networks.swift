import NIOCore

extension DockerClient {
    /// `GET /networks` (attached containers are only filled in by ``inspectNetwork(_:)``).
    public func listNetworks(filters: DockerFilters = [:]) async throws -> [Network] {
        let query = filters.queryValue.map { [("filters", $0)] } ?? []
        return try await transport.decode([Network].self, .GET, "/networks", query: query)
    }

    /// Every container's network attachments, from one `GET /containers/json?all=1` (the network list has none).
    public func listNetworkAttachments() async throws -> [ContainerNetworkAttachment] {
        try await transport.decode([ContainerNetworkRow].self, .GET, "/containers/json", query: [("all", "1")])
            .flatMap(\.attachments)
    }

    /// `GET /networks/{id}`, with attached containers.
    public func inspectNetwork(_ reference: String) async throws -> Network {
        let ref = try ObjectReference.validate(reference, kind: .network)
        return try await transport.decode(Network.self, .GET, "/networks/\(ref)")
    }

    /// `GET /networks/{id}` as the engine's raw JSON document.
    public func inspectNetworkDocument(_ reference: String) async throws -> ByteBuffer {
        let ref = try ObjectReference.validate(reference, kind: .network)
        return try await transport.data(.GET, "/networks/\(ref)")
    }

    /// `POST /networks/create`: 409 for a duplicate name.
    public func createNetwork(_ request: NetworkCreateRequest) async throws -> NetworkCreateResponse {
        try ObjectReference.validate(request.name, kind: .network)
        return try await transport.decode(NetworkCreateResponse.self, .POST, "/networks/create", json: request)
    }

    /// `DELETE /networks/{id}`: 403 (`forbidden`) with endpoints attached or for a built-in network.
    public func removeNetwork(_ reference: String) async throws {
        let ref = try ObjectReference.validate(reference, kind: .network)
        _ = try await transport.data(.DELETE, "/networks/\(ref)")
    }

    /// `POST /networks/prune`: removes networks no container uses.
    public func pruneNetworks(filters: DockerFilters = [:]) async throws -> NetworkPruneResponse {
        try await pruneWaitingForOthers {
            try await transport.decode(
                NetworkPruneResponse.self, .POST, "/networks/prune",
                query: filters.queryValue.map { [("filters", $0)] } ?? [], timeout: .minutes(5)
            )
        }
    }
}
