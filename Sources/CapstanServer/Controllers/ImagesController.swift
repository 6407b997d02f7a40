import CapstanWire
import DockerEngine
import Hummingbird
import LiveHub
import NIOCore

/// Images: list (with usage), inspect, remove, prune, import from an uploaded tarball.
///
/// References with a `/` (`repo/name:tag`) must be sent percent-encoded (`repo%2Fname:tag`) in paths.
struct ImagesController<Context: RequestContext> {
    let registry: EngineRegistry

    func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("engines/:engine/images")
        group.get { request, context in
            let query = QueryReader(request)
            let all = try query.bool("all", default: false)
            let filters = try query.filters()
            let engine = try registry.engine(context.parameters.require("engine"))
            return try await engine.call { try await ResourceReader.images($0, engine: engine.name, all: all, filters: filters) }
        }
        group.post("prune") { request, context in
            let all = try QueryReader(request).bool("all", default: false)
            let engine = try registry.engine(context.parameters.require("engine"))
            let report = try await engine.call { try await $0.pruneImages(all: all) }
            let deleted = (report.imagesDeleted ?? []).compactMap { $0.deleted ?? $0.untagged }
            return PruneReportView(engine: engine.name, kind: "images", deleted: deleted, spaceReclaimed: report.spaceReclaimed)
        }
        group.post("import") { request, context in
            let query = QueryReader(request)
            guard let repository = try query.reference("repo", kind: .image) else {
                throw APIError.badRequest(field: "repo", "'repo' is required: the repository to import into")
            }
            let tag = try query.reference("tag", kind: .container) ?? "latest"
            let changes = request.uri.queryParameters.getAll("changes").map { String($0) }
            let engine = try registry.engine(context.parameters.require("engine"))
            let length = request.headers[.contentLength].flatMap { Int64($0) }
            // The engine makes an empty image of an empty upload: refused, it is never what was meant.
            if length == 0 {
                throw APIError.badRequest(field: "body", "the body is empty: send the root filesystem as a tar archive")
            }
            let body = request.body
            let id: String
            do {
                id = try await engine.call {
                    try await $0.importImage(tarball: body, length: length, repository: repository, tag: tag, changes: changes)
                }
            } catch let error as DockerError where error.message.contains("Error processing tar file") {
                throw APIError.badRequest(field: "body", "the body is not a valid tar archive (\(error.message))")
            }
            return Created(value: CreatedView(id: id, warnings: []))
        }
        group.get(":image") { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let reference = try context.parameters.reference("image", kind: .image)
            return JSONDocument(buffer: try await engine.call { try await $0.inspectImageDocument(reference) })
        }
        group.delete(":image") { request, context in
            let query = QueryReader(request)
            let force = try query.bool("force", default: false)
            let noPrune = try query.bool("noprune", default: false)
            let engine = try registry.engine(context.parameters.require("engine"))
            let reference = try context.parameters.reference("image", kind: .image)
            let items: [ImageDeleteItem]
            do {
                items = try await engine.call { try await $0.removeImage(reference, force: force, noPrune: noPrune) }
            } catch let error as DockerError where error.code == .conflict {
                let users = (try? await engine.call {
                    try await $0.listContainers(all: true, filters: ["ancestor": [reference]])
                }) ?? []
                throw InUseConflict.error(
                    "image '\(reference)'", users: users.map(\.name),
                    hint: "remove those containers first, or remove with force=true to untag it anyway",
                    engineMessage: error.message, engine: engine.name
                )
            }
            return ImageRemovalView(untagged: items.compactMap(\.untagged), deleted: items.compactMap(\.deleted))
        }
    }
}
