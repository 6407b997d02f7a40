import CapstanWire
import HummingbirdTesting
import Testing

/// The body of `POST …/containers`, shaped as the engine's create request (spelled out here rather
/// than borrowed from the server, so a renamed key in the server breaks the tests).
struct CreateContainerBody: Encodable, Sendable {
    var image: String
    var cmd: [String]?
    var labels: [String: String]
    var hostConfig: HostConfig?

    struct HostConfig: Encodable, Sendable {
        var binds: [String]?
        var networkMode: String?
        enum CodingKeys: String, CodingKey { case binds = "Binds", networkMode = "NetworkMode" }
    }

    enum CodingKeys: String, CodingKey {
        case image = "Image", cmd = "Cmd", labels = "Labels", hostConfig = "HostConfig"
    }
}

/// A container the test created through the API.
struct TestContainer: Sendable {
    let id: String
    let name: String
}

/// A shell loop that exits at once on SIGTERM, so `stop` does not wait for its timeout.
let stoppableLoop = ["sh", "-c", #"trap "exit 0" TERM; while true; do sleep 0.1; done"#]

extension TestContext {
    /// Creates a container through `POST …/containers?name=…` and expects 201 with its id.
    ///
    /// The name is registered for cleanup before the request, so even a half-failed create is removed.
    func createContainer(
        _ prefix: String, cmd: [String]? = stoppableLoop, image: String? = nil, labels extra: [String: String] = [:],
        binds: [String]? = nil, network: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestContainer {
        let name = scope.containerName(prefix)
        let body = CreateContainerBody(
            image: image ?? scope.image, cmd: cmd, labels: scope.labels.merging(extra) { $1 },
            hostConfig: binds == nil && network == nil ? nil : .init(binds: binds, networkMode: network)
        )
        let response = try await client.send(.post, api("containers"), query: ["name": name], encoding: body)
        expectStatus(response, .created, sourceLocation: sourceLocation)
        let created = try response.json()
        let id = try #require(created["id"].string, "create answered \(response.text)", sourceLocation: sourceLocation)
        #expect(id.count == 64, sourceLocation: sourceLocation)
        return TestContainer(id: id, name: name)
    }

    /// Creates and starts a container.
    func runContainer(
        _ prefix: String, cmd: [String]? = stoppableLoop, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> TestContainer {
        let container = try await createContainer(prefix, cmd: cmd, sourceLocation: sourceLocation)
        let started = try await action(container.name, "start")
        expectStatus(started, .ok, sourceLocation: sourceLocation)
        return container
    }

    /// `POST …/containers/{container}/{verb}`.
    func action(_ container: String, _ verb: String, query: KeyValuePairs<String, String> = [:]) async throws -> TestResponse {
        try await client.send(.post, api("containers/\(container)/\(verb)"), query: query)
    }

    /// `GET …/containers/{container}` decoded as untyped JSON (the engine's own document).
    func inspect(_ container: String) async throws -> TestResponse {
        try await client.send(.get, api("containers/\(container)"))
    }

    /// The containers of this test, from `GET …/containers?all=1&filters=…`.
    func listOwnContainers() async throws -> [ContainerView] {
        let response = try await client.send(.get, api("containers"), query: ["all": "1", "filters": scope.runFilter])
        expectStatus(response, .ok)
        return try response.decode([ContainerView].self)
    }
}
