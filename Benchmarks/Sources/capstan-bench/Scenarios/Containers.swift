import DockerEngine

/// Creates and removes the scenarios' containers, all labelled `capstan-bench=<scenario>`.
struct Containers {
    let engine: DockerClient
    let image: String
    let scenario: String

    /// Creates a container running `command` (not started); returns its id.
    func create(_ command: [String], name: String? = nil) async throws -> String {
        var request = ContainerCreateRequest(image: image, cmd: command)
        request.labels = ["capstan-bench": scenario]
        var host = ContainerCreateRequest.HostConfig()
        host.networkMode = "none"
        request.hostConfig = host
        return try await engine.createContainer(request, name: name).id
    }

    /// Removes every container of this scenario (left over from an earlier run too).
    func removeAll() async {
        let existing = (try? await engine.listContainers(all: true, filters: ["label": ["capstan-bench=\(scenario)"]])) ?? []
        for container in existing { try? await engine.removeContainer(container.id, force: true) }
    }
}
