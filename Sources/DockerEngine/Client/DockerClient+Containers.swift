import AsyncHTTPClient
import Foundation
import NIOCore

extension DockerClient {
    /// `GET /containers/json`: newest first; only running ones unless `all`.
    public func listContainers(
        all: Bool = true, size: Bool = false, filters: DockerFilters = [:], limit: Int? = nil
    ) async throws -> [ContainerSummary] {
        var query: [(String, String)] = [("all", all ? "1" : "0")]
        if size { query.append(("size", "1")) }
        if let limit { query.append(("limit", String(limit))) }
        if let filters = filters.queryValue { query.append(("filters", filters)) }
        return try await transport.decode(
            [ContainerSummary].self, .GET, "/containers/json", query: query, timeout: size ? .minutes(5) : nil
        )
    }

    /// `GET /containers/{id}/json`, the fields Capstan acts on.
    public func inspectContainer(_ reference: String) async throws -> ContainerInspect {
        let id = try ObjectReference.validate(reference, kind: .container)
        return try await transport.decode(ContainerInspect.self, .GET, "/containers/\(id)/json")
    }

    /// `GET /containers/{id}/json` as the engine's raw JSON document.
    public func inspectContainerDocument(_ reference: String, size: Bool = false) async throws -> ByteBuffer {
        let id = try ObjectReference.validate(reference, kind: .container)
        return try await transport.data(.GET, "/containers/\(id)/json", query: size ? [("size", "1")] : [])
    }

    /// `POST /containers/create`.
    public func createContainer(_ request: ContainerCreateRequest, name: String? = nil) async throws
        -> ContainerCreateResponse
    {
        var query: [(String, String)] = []
        if let name { query.append(("name", try ObjectReference.validate(name, kind: .container))) }
        return try await transport.decode(
            ContainerCreateResponse.self, .POST, "/containers/create", query: query, json: request
        )
    }

    /// `POST /containers/{id}/start`; `.unchanged` when it was running already.
    @discardableResult
    public func startContainer(_ reference: String) async throws -> ActionOutcome {
        try await action(reference, "start")
    }

    /// `POST /containers/{id}/stop`: SIGTERM (or the image's stop signal), SIGKILL after `timeout` seconds.
    @discardableResult
    public func stopContainer(_ reference: String, timeout: Int? = nil) async throws -> ActionOutcome {
        try await action(reference, "stop", query: timeout.map { [("t", String($0))] } ?? [], waits: timeout ?? 10)
    }

    /// `POST /containers/{id}/restart` (starts a stopped container).
    @discardableResult
    public func restartContainer(_ reference: String, timeout: Int? = nil) async throws -> ActionOutcome {
        try await action(reference, "restart", query: timeout.map { [("t", String($0))] } ?? [], waits: timeout ?? 10)
    }

    /// `POST /containers/{id}/kill` with a signal name or number (SIGKILL by default).
    @discardableResult
    public func killContainer(_ reference: String, signal: String? = nil) async throws -> ActionOutcome {
        try await action(reference, "kill", query: signal.map { [("signal", $0)] } ?? [])
    }

    /// `POST /containers/{id}/pause`.
    @discardableResult
    public func pauseContainer(_ reference: String) async throws -> ActionOutcome {
        try await action(reference, "pause")
    }

    /// `POST /containers/{id}/unpause` (the engine reports "not paused" as a 500; this throws `conflict`).
    @discardableResult
    public func unpauseContainer(_ reference: String) async throws -> ActionOutcome {
        try await action(reference, "unpause")
    }

    /// `POST /containers/{id}/rename`.
    public func renameContainer(_ reference: String, to newName: String) async throws {
        let name = try ObjectReference.validate(newName, kind: .container)
        _ = try await action(reference, "rename", query: [("name", name)])
    }

    /// `DELETE /containers/{id}`; `volumes` removes its anonymous volumes (named ones survive).
    public func removeContainer(_ reference: String, force: Bool = false, volumes: Bool = false) async throws {
        let id = try ObjectReference.validate(reference, kind: .container)
        _ = try await transport.data(
            .DELETE, "/containers/\(id)", query: [("force", force ? "1" : "0"), ("v", volumes ? "1" : "0")]
        )
    }

    /// `POST /containers/{id}/wait`: returns when the condition is met (no deadline: it may take forever).
    public func waitContainer(_ reference: String, condition: WaitCondition = .notRunning) async throws
        -> ContainerWaitResponse
    {
        let id = try ObjectReference.validate(reference, kind: .container)
        let response = try await transport.send(
            .POST, "/containers/\(id)/wait", query: [("condition", condition.rawValue)], streaming: true
        )
        let body: ByteBuffer
        do {
            body = try await response.body.collect(upTo: 1024 * 1024)
        } catch {
            throw transport.mapTransportError(error)
        }
        return try EngineTransport.decodeJSON(ContainerWaitResponse.self, from: body)
    }

    /// `POST /containers/prune`: removes stopped containers.
    public func pruneContainers(filters: DockerFilters = [:]) async throws -> ContainerPruneResponse {
        try await pruneWaitingForOthers {
            try await transport.decode(
                ContainerPruneResponse.self, .POST, "/containers/prune",
                query: filters.queryValue.map { [("filters", $0)] } ?? [], timeout: .minutes(5)
            )
        }
    }

    /// Sends a lifecycle POST, turning the engine's 304 into `.unchanged`.
    private func action(
        _ reference: String, _ verb: String, query: [(String, String)] = [], waits seconds: Int = 0
    ) async throws -> ActionOutcome {
        let id = try ObjectReference.validate(reference, kind: .container)
        do {
            _ = try await transport.data(
                .POST, "/containers/\(id)/\(verb)", query: query,
                timeout: transport.requestTimeout + .seconds(Int64(max(0, seconds)))
            )
            return .done
        } catch let error as DockerError where error.code == .notModified {
            return .unchanged
        }
    }
}
