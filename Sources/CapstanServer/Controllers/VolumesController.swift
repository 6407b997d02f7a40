import CapstanWire
import DockerEngine
import Hummingbird

/// Volumes: list (with usage), inspect, create, remove, prune.
struct VolumesController<Context: RequestContext> {
    let registry: EngineRegistry

    func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("engines/:engine/volumes")
        group.get { request, context in
            let filters = try QueryReader(request).filters()
            let engine = try registry.engine(context.parameters.require("engine"))
            let (volumes, containers) = try await engine.call { client in
                async let volumes = client.listVolumes(filters: filters)
                async let containers = client.listContainers(all: true)
                return (try await volumes, try await containers)
            }
            let users = Self.users(containers)
            return volumes.map { VolumeView(engine: engine.name, volume: $0, users: users[$0.name] ?? 0) }
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
            try await engine.call { try await $0.removeVolume(name, force: force) }
            return Response(status: .noContent)
        }
    }

    /// How many containers mount each volume.
    static func users(_ containers: [ContainerSummary]) -> [String: Int] {
        var users: [String: Int] = [:]
        for container in containers {
            for mount in container.mounts ?? [] where mount.type == "volume" {
                if let name = mount.name { users[name, default: 0] += 1 }
            }
        }
        return users
    }
}
