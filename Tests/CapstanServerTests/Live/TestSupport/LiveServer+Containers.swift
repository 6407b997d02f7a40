import DockerEngine

/// A container a live-path test created on the engine.
struct LiveContainer: Sendable {
    /// The full id.
    let id: String
    /// The name (`capstan-<prefix>-<run>-<random>`).
    let name: String
    /// The 12-character id the protocol uses in log lines, `resume` maps and stats.
    var shortID: String { String(id.prefix(12)) }
}

/// A shell script that idles and exits at once on SIGTERM, so stop and restart do not wait for a kill.
let idleScript = #"trap "exit 0" TERM; while true; do sleep 0.1; done"#

extension LiveServer {
    /// Creates a container running `sh -c script`, labelled for cleanup (`capstan.test=1`, the run label).
    func createContainer(
        _ prefix: String, script: String = idleScript, labels: [String: String] = [:],
        healthcheck: ContainerCreateRequest.Healthcheck? = nil
    ) async throws -> LiveContainer {
        // The name is registered for cleanup before the engine is asked, so even a half-failed create is removed.
        let name = scope.containerName(prefix)
        var request = ContainerCreateRequest(image: scope.image, cmd: ["sh", "-c", script])
        request.labels = scope.labels.merging(labels) { $1 }
        request.healthcheck = healthcheck
        let created = try await docker.createContainer(request, name: name)
        return LiveContainer(id: created.id, name: name)
    }

    /// Creates and starts a container.
    func runContainer(
        _ prefix: String, script: String = idleScript, labels: [String: String] = [:],
        healthcheck: ContainerCreateRequest.Healthcheck? = nil
    ) async throws -> LiveContainer {
        let container = try await createContainer(prefix, script: script, labels: labels, healthcheck: healthcheck)
        try await docker.startContainer(container.id)
        return container
    }

    /// Waits until the hub's row of container `id` agrees with the engine (no refresh due, in flight or
    /// retried); when it does not in time, the error says what the hub still owed.
    func settled(_ id: String, _ what: String = "the row agrees with the engine") async throws {
        try await eventually(what, detail: { engine.unsettled(id) }) { engine.isSettled(id) ? true : nil }
    }
}
