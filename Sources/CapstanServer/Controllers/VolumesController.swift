import CapstanWire
import DockerEngine
import Hummingbird
import LiveHub

/// Volumes: list (with usage, and sizes with `size=1`), inspect, create, remove (a 409 naming the users), prune.
struct VolumesController<Context: RequestContext> {
    let registry: EngineRegistry

    func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("engines/:engine/volumes")
        group.get { request, context in
            let query = QueryReader(request)
            let filters = try query.filters()
            // Sizes come from `system/df`, which walks every volume's files: only on request.
            let size = try query.bool("size", default: false)
            let engine = try registry.engine(context.parameters.require("engine"))
            return try await engine.call { try await ResourceReader.volumes($0, engine: engine.name, filters: filters, size: size) }
        }
        group.post { request, context in
            // Not `request.decode(as:)`: it rewraps DecodingError as an HTTPError without the field.
            let body = try await context.requestDecoder.decode(VolumeCreateRequest.self, from: request, context: context)
            if let name = body.name, !ObjectReference.isValid(name, kind: .volume) {
                throw APIError.badRequest(field: "Name", ObjectReference.invalidMessage(name, kind: .volume))
            }
            let engine = try registry.engine(context.parameters.require("engine"))
            let volume = try await engine.call { try await $0.createVolume(body) }
            return Created(value: VolumeView(engine: engine.name, volume: volume, users: 0))
        }
        group.post("prune") { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let report = try await engine.call { try await $0.pruneVolumes() }
            return PruneReportView(
                engine: engine.name, kind: "volumes", deleted: report.volumesDeleted ?? [], spaceReclaimed: report.spaceReclaimed
            )
        }
        group.get(":volume") { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let name = try context.parameters.reference("volume", kind: .volume)
            let (volume, containers) = try await engine.call { client in
                async let volume = client.inspectVolume(name)
                async let containers = client.listContainers(all: true, filters: ["volume": [name]])
                return (try await volume, try await containers)
            }
            return VolumeView(engine: engine.name, volume: volume, users: containers.count)
        }
        group.delete(":volume") { request, context in
            let force = try QueryReader(request).bool("force", default: false)
            let engine = try registry.engine(context.parameters.require("engine"))
            let name = try context.parameters.reference("volume", kind: .volume)
            do {
                try await engine.call { try await $0.removeVolume(name, force: force) }
            } catch let error as DockerError where error.code == .conflict {
                let users = (try? await engine.call { try await $0.listContainers(all: true, filters: ["volume": [name]]) }) ?? []
                throw InUseConflict.error(
                    "volume '\(name)'", users: users.map(\.name), hint: "remove those containers first",
                    engineMessage: error.message, engine: engine.name
                )
            }
            return Response(status: .noContent)
        }
    }
}
