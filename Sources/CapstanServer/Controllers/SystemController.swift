import CapstanWire
import DockerEngine
import Hummingbird

/// Liveness, readiness, and the engines Capstan watches.
struct SystemController<Context: RequestContext> {
    let registry: EngineRegistry

    /// `/healthz` and `/readyz` at the root; `/engines…` under the API group.
    func addRoutes(root router: Router<Context>, api: RouterGroup<Context>) {
        router.get("healthz") { _, _ in HealthView(status: "ok") }
        router.get("readyz") { _, _ in try await readiness() }
        api.get("engines") { _, _ in await engineViews(details: false) }
        api.get("engines/:engine") { _, context in
            await engineView(try registry.engine(context.parameters.require("engine")), details: true)
        }
        api.get("engines/:engine/version") { _, context in
            let version = try await registry.engine(context.parameters.require("engine")).call { try await $0.version() }
            return EngineInfoViewVersion(version: version)
        }
        api.get("engines/:engine/info") { _, context in
            JSONDocument(buffer: try await registry.engine(context.parameters.require("engine")).call { try await $0.infoDocument() })
        }
        api.get("engines/:engine/df") { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let usage = try await engine.call { try await $0.diskUsage() }
            return DiskUsageView(engine: engine.name, usage: usage)
        }
    }

    /// 200 when every engine answers a ping now, 503 with the per-engine state otherwise.
    private func readiness() async throws -> Response {
        var engines: [String: String] = [:]
        await withTaskGroup(of: (String, Bool).self) { group in
            for engine in registry.engines {
                group.addTask {
                    let up = (try? await engine.call { try await $0.ping() }) != nil
                    return (engine.name, up)
                }
            }
            for await (name, up) in group { engines[name] = up ? "up" : "down" }
        }
        let ready = engines.values.allSatisfy { $0 == "up" }
        let view = HealthView(status: ready ? "ok" : "unavailable", engines: engines)
        var response = try JSONEncoderResponse.make(view)
        response.status = ready ? .ok : .serviceUnavailable
        return response
    }

    private func engineViews(details: Bool) async -> [EngineView] {
        var views: [EngineView] = []
        for engine in registry.engines { views.append(await engineView(engine, details: details)) }
        return views
    }

    /// An engine's view; with details it asks the engine (and reports it down if it cannot).
    private func engineView(_ engine: EngineHandle, details: Bool) async -> EngineView {
        var info: EngineInfoView?
        if details {
            info = try? await engine.call { client in
                async let version = client.version()
                async let information = client.info()
                return EngineInfoView(version: try await version, info: try await information)
            }
        }
        var error: String?
        if case .down(let reason) = engine.availability { error = reason }
        return EngineView(
            name: engine.name, host: engine.client.host.description, status: engine.availability.name, error: error,
            apiVersion: engine.client.apiVersion?.description, info: info
        )
    }
}

/// `GET /engines/{engine}/version`.
struct EngineInfoViewVersion: ResponseEncodable {
    let version: String
    let apiVersion: String
    let minAPIVersion: String?
    let os: String?
    let arch: String?
    let kernelVersion: String?

    init(version: EngineVersion) {
        self.version = version.version
        self.apiVersion = version.apiVersion
        self.minAPIVersion = version.minAPIVersion
        self.os = version.os
        self.arch = version.arch
        self.kernelVersion = version.kernelVersion
    }
}

/// `GET /engines/{engine}/df`: what images, containers and volumes take on disk.
struct DiskUsageView: ResponseEncodable {
    let engine: String
    let layersSize: Int64
    let images: Int
    let imagesSize: Int64
    let containers: Int
    let containersSize: Int64
    let volumes: Int
    let volumesSize: Int64

    init(engine: String, usage: DiskUsage) {
        self.engine = engine
        self.layersSize = usage.layersSize ?? 0
        self.images = usage.images?.count ?? 0
        self.imagesSize = usage.images?.reduce(0) { $0 + $1.size } ?? 0
        self.containers = usage.containers?.count ?? 0
        self.containersSize = usage.containers?.reduce(0) { $0 + ($1.sizeRw ?? 0) } ?? 0
        self.volumes = usage.volumes?.count ?? 0
        self.volumesSize = usage.volumes?.reduce(0) { $0 + max(0, $1.usageData?.size ?? 0) } ?? 0
    }
}
