import NIOCore

extension DockerClient {
    /// Starts pulling an image: returns the engine's progress lines once it has answered.
    ///
    /// A failure before any output (registry unreachable, refused, unknown repository) throws here
    /// with the engine's message; one after streaming began arrives as a line with `error` (read the
    /// lines with ``PullProgress``). Ending the iteration early closes the connection, not the pull.
    public func pullImage(_ reference: ImageReference, timeout: Duration = .seconds(120)) async throws -> ProgressSequence {
        let response = try await transport.send(
            .POST, "/images/create", query: [("fromImage", reference.name), ("tag", reference.tagOrDigest)], streaming: true,
            timeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
        )
        return ProgressSequence(body: response.body, transport: transport)
    }

    /// The id (`sha256:…`) of a local image.
    public func imageID(_ reference: String) async throws -> String {
        let ref = try ObjectReference.validate(reference, kind: .image)
        return try await transport.decode(ImageIdentity.self, .GET, "/images/\(ref)/json").id
    }
}

/// Just the id of an image inspect document.
struct ImageIdentity: Decodable {
    let id: String
    enum CodingKeys: String, CodingKey { case id = "Id" }
}
