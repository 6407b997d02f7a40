import CapstanWire
import DockerEngine
import Hummingbird
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
            let (images, containers) = try await engine.call { client in
                async let images = client.listImages(all: all, filters: filters)
                async let containers = client.listContainers(all: true)
                return (try await images, try await containers)
            }
            var users: [String: Int] = [:]
            for container in containers { if let image = container.imageID { users[image, default: 0] += 1 } }
            return images.map { ImageView(engine: engine.name, summary: $0, containerCount: users[$0.id] ?? 0) }
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
            let body = request.body
            let id = try await engine.call {
                try await $0.importImage(tarball: body, length: length, repository: repository, tag: tag, changes: changes)
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
            let items = try await engine.call { try await $0.removeImage(reference, force: force, noPrune: noPrune) }
            return ImageRemovalView(untagged: items.compactMap(\.untagged), deleted: items.compactMap(\.deleted))
        }
    }
}
