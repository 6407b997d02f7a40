import CapstanWire
import DockerEngine
import Hummingbird
import LiveHub

/// Networks: list and inspect (with attached containers), remove (a 409 naming the containers still attached), prune.
struct NetworksController<Context: RequestContext> {
    let registry: EngineRegistry

    func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("engines/:engine/networks")
        group.get { request, context in
            let filters = try QueryReader(request).filters()
            let engine = try registry.engine(context.parameters.require("engine"))
            return try await engine.call { try await ResourceReader.networks($0, engine: engine.name, filters: filters) }
        }
        group.post("prune") { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let report = try await engine.call { try await $0.pruneNetworks() }
            return PruneReportView(engine: engine.name, kind: "networks", deleted: report.networksDeleted ?? [], spaceReclaimed: 0)
        }
        group.get(":network") { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let reference = try context.parameters.reference("network", kind: .network)
            return NetworkView(engine: engine.name, network: try await engine.call { try await $0.inspectNetwork(reference) })
        }
        group.delete(":network") { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let reference = try context.parameters.reference("network", kind: .network)
            let network = try await engine.call { try await $0.inspectNetwork(reference) }
            if network.isPredefined {
                throw APIError(
                    .conflict, code: "conflict", message: "'\(network.name)' is one of the engine's own networks and cannot be removed",
                    engine: engine.name
                )
            }
            do {
                try await engine.call { try await $0.removeNetwork(network.id) }
            } catch let error as DockerError where error.code == .forbidden || error.code == .conflict {
                let users = (network.containers ?? [:]).map { $0.value.name ?? $0.key }
                throw InUseConflict.error(
                    "network '\(network.name)'", users: users, hint: "disconnect or remove them first",
                    engineMessage: error.message, engine: engine.name
                )
            }
            return Response(status: .noContent)
        }
    }
}
