import AsyncHTTPClient
import Foundation
import NIOCore

extension DockerClient {
    /// `GET /images/json`.
    public func listImages(all: Bool = false, filters: DockerFilters = [:]) async throws -> [ImageSummary] {
        var query: [(String, String)] = [("all", all ? "1" : "0")]
        if let filters = filters.queryValue { query.append(("filters", filters)) }
        return try await transport.decode([ImageSummary].self, .GET, "/images/json", query: query)
    }

    /// `GET /images/{ref}/json` as the engine's raw JSON document.
    public func inspectImageDocument(_ reference: String) async throws -> ByteBuffer {
        let ref = try ObjectReference.validate(reference, kind: .image)
        return try await transport.data(.GET, "/images/\(ref)/json")
    }

    /// `DELETE /images/{ref}`: what was untagged and deleted. 409 (`conflict`) while a container uses it.
    public func removeImage(_ reference: String, force: Bool = false, noPrune: Bool = false) async throws
        -> [ImageDeleteItem]
    {
        let ref = try ObjectReference.validate(reference, kind: .image)
        return try await transport.decode(
            [ImageDeleteItem].self, .DELETE, "/images/\(ref)",
            query: [("force", force ? "1" : "0"), ("noprune", noPrune ? "1" : "0")]
        )
    }

    /// `POST /images/prune`: dangling images by default; `all` removes every unused image.
    public func pruneImages(all: Bool = false, filters: DockerFilters = [:]) async throws -> ImagePruneResponse {
        var filters = filters
        if all { filters.values["dangling"] = ["false"] }
        return try await pruneWaitingForOthers { [filters] in
            try await transport.decode(
                ImagePruneResponse.self, .POST, "/images/prune",
                query: filters.queryValue.map { [("filters", $0)] } ?? [], timeout: .minutes(10)
            )
        }
    }

    /// Imports a root filesystem tarball as an image (`POST /images/create?fromSrc=-`); returns the image id.
    ///
    /// - Parameter changes: Dockerfile instructions applied to the image, e.g. `CMD ["sh"]`.
    public func importImage<Tarball: AsyncSequence & Sendable>(
        tarball: Tarball, length: Int64? = nil, repository: String, tag: String = "latest",
        changes: [String] = [], message: String? = nil
    ) async throws -> String where Tarball.Element == ByteBuffer {
        try ObjectReference.validate(repository, kind: .image)
        try ObjectReference.validate(tag, kind: .container)
        var query: [(String, String)] = [("fromSrc", "-"), ("repo", repository), ("tag", tag)]
        for change in changes { query.append(("changes", change)) }
        if let message { query.append(("message", message)) }
        // Without this content type the engine parses the tar as a form and answers 400.
        let response = try await transport.send(
            .POST, "/images/create", query: query,
            body: .stream(tarball, length: length.map { .known($0) } ?? .unknown),
            contentType: "application/x-tar", streaming: true, timeout: .minutes(10)
        )
        var imageID: String?
        for try await message in ProgressSequence(body: response.body, transport: transport) {
            if let failure = message.failure {
                throw DockerError(code: .streamFailed, message: "image import failed: \(failure)")
            }
            if let status = message.status, status.hasPrefix("sha256:") { imageID = status }
        }
        guard let imageID else {
            throw DockerError(code: .invalidResponse, message: "the engine did not report the imported image's id")
        }
        return imageID
    }

    /// Imports a tarball held in memory.
    public func importImage(
        tarball: ByteBuffer, repository: String, tag: String = "latest", changes: [String] = [], message: String? = nil
    ) async throws -> String {
        try await importImage(
            tarball: SingleBuffer(buffer: tarball), length: Int64(tarball.readableBytes), repository: repository,
            tag: tag, changes: changes, message: message
        )
    }
}

/// A one-element async sequence, to upload a buffer through the streaming API.
struct SingleBuffer: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let buffer: ByteBuffer

    struct AsyncIterator: AsyncIteratorProtocol {
        var buffer: ByteBuffer?
        mutating func next() async -> ByteBuffer? {
            defer { buffer = nil }
            return buffer
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(buffer: buffer) }
}
