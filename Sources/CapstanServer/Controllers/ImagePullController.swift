import CapstanStore
import CapstanWire
import DockerEngine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `POST /api/v1/engines/{engine}/images/pull?image=repo:tag`: pulls an image and streams its progress
/// as newline-delimited JSON (``PullEventView``), ending with a `done` or `error` line.
///
/// A malformed reference is a 400 before the engine is asked. When the engine fails before it
/// streams (registry unreachable, refused, unknown repository) the answer is an ordinary error
/// (`pull_failed`, 502, or the engine's 404) naming the reference and the engine's reason; a failure
/// after the stream began is the stream's last line. The request is audited by the middleware
/// (`image.pull`) and its end by this controller (`image.pull.end`, with the result).
struct ImagePullController {
    typealias Context = CapstanRequestContext
    let registry: EngineRegistry
    let auditor: Auditor

    func addRoutes(to api: RouterGroup<Context>) {
        api.post("engines/:engine/images/pull") { request, context in
            let reference = try Self.reference(QueryReader(request))
            let engine = try registry.engine(context.parameters.require("engine"))
            let stream: ProgressSequence
            do {
                stream = try await engine.call { try await $0.pullImage(reference) }
            } catch let error as DockerError where error.status != nil {
                var mapped = APIError(error, engine: engine.name)
                mapped.body.message = "cannot pull \(reference): \(error.message)"
                if mapped.status == .badGateway { mapped.body.code = "pull_failed" }
                throw mapped
            }
            var headers = HTTPFields()
            headers[.contentType] = "application/x-ndjson"
            headers[.cacheControl] = "no-store"
            let end = AuditEntry(
                user: context.identity?.name, role: context.identity?.role, clientAddress: context.clientAddress,
                requestID: context.id, action: "image.pull.end", engine: engine.name, objectID: reference.description,
                objectName: reference.description, result: .success
            )
            return Response(status: .ok, headers: headers, body: ResponseBody { writer in
                try await relay(stream, reference: reference, engine: engine, audit: end, to: &writer)
            })
        }
    }

    /// The reference from `image` (and an optional separate `tag`), or a 400 naming the field.
    static func reference(_ query: QueryReader) throws -> ImageReference {
        guard let text = query.string("image"), !text.isEmpty else {
            throw APIError.badRequest(field: "image", "'image' is required: the reference to pull, e.g. registry:5000/app:v1")
        }
        var reference: ImageReference
        do {
            reference = try ImageReference.parse(text)
        } catch let error as DockerError {
            throw APIError.badRequest(field: "image", error.message)
        }
        if let tag = query.string("tag") {
            guard reference.tag == nil, reference.digest == nil else {
                throw APIError.badRequest(field: "tag", "give the tag either in 'image' or in 'tag', not both")
            }
            do {
                reference = try ImageReference.parse("\(reference.name):\(tag)")
            } catch let error as DockerError {
                throw APIError.badRequest(field: "tag", error.message)
            }
        }
        return reference
    }

    /// Forwards the engine's lines as ``PullEventView``s, then the final line, then audits the end.
    private func relay(
        _ stream: ProgressSequence, reference: ImageReference, engine: EngineHandle, audit: AuditEntry,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        var progress = PullProgress()
        var entry = audit
        var last: PullEventView
        do {
            for try await message in stream {
                switch progress.consume(message) {
                case .layer(let id, let status, let current, let total):
                    try await writer.write(Self.line(.progress(layer: id, status: status, current: current, total: total)))
                case .status(let text):
                    try await writer.write(Self.line(.status(text)))
                case .failed:
                    break
                }
                if progress.failure != nil { break }
            }
            if let failure = progress.failure {
                last = .error(code: "pull_failed", message: "cannot pull \(reference): \(failure)")
            } else {
                let id = try? await engine.call { try await $0.imageID(reference.description) }
                last = .done(
                    image: reference.description, id: id, digest: progress.digest, status: progress.finalStatus,
                    upToDate: progress.upToDate
                )
                entry.parameters["id"] = id
            }
        } catch let error as DockerError {
            last = .error(code: "pull_failed", message: "cannot pull \(reference): \(error.message)")
        } catch {
            // The client went away (a write failed) or the task was cancelled: record it and stop.
            entry.result = .failure
            entry.error = "the client went away before the pull ended"
            try? await auditor.record(entry)
            throw error
        }
        if case .error(_, let message) = last {
            entry.result = .failure
            entry.error = message
        }
        try? await auditor.record(entry)
        try await writer.write(Self.line(last))
        try await writer.finish(nil)
    }

    private static func line(_ event: PullEventView) throws -> ByteBuffer {
        var buffer = ByteBuffer(data: try JSONEncoder().encode(event))
        buffer.writeString("\n")
        return buffer
    }
}
