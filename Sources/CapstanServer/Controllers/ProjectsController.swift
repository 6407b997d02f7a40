import CapstanStore
import CapstanWire
import DockerEngine
import Foundation
import Hummingbird

/// Compose projects, read from the `com.docker.compose.*` labels of containers: list (one engine or
/// all), one project, and project-wide start / stop / restart.
///
/// An action is applied to every service container of the project (not `compose run` one-offs, as
/// compose does), a few at a time; each container's outcome is reported and audited on its own
/// (`container.start` … with `project` and `via` parameters, under the request's id), besides the
/// request's own `project.start` row.
struct ProjectsController {
    typealias Context = CapstanRequestContext
    let registry: EngineRegistry
    let auditor: Auditor
    /// How many containers are acted on at once.
    static let concurrency = 8

    func addRoutes(to api: RouterGroup<Context>) {
        api.get("projects") { _, _ in
            try await allProjects()
        }
        let group = api.group("engines/:engine/projects")
        group.get { _, context in
            let engine = try registry.engine(context.parameters.require("engine"))
            let containers = try await engine.call { try await $0.listContainers(all: true, filters: ["label": [ComposeLabel.project]]) }
            return ComposeProject.projects(from: containers).map { ProjectView(engine: engine.name, project: $0) }
        }
        group.get(":project") { _, context in
            let (engine, project) = try await find(context)
            return ProjectView(engine: engine.name, project: project)
        }
        for action in ProjectAction.allCases {
            group.post(RouterPath(":project/\(action.rawValue)")) { request, context in
                let timeout = action == .start ? nil : try QueryReader(request).int("t", in: 0...3600)
                return try await act(action, timeout: timeout, context: context)
            }
        }
    }

    /// Every engine's projects; an engine that fails is named in `errors` rather than failing the whole answer.
    private func allProjects() async throws -> ProjectListView {
        try await withThrowingTaskGroup(of: (Int, Result<[ProjectView], APIError>).self) { group in
            for (index, engine) in registry.engines.enumerated() {
                group.addTask {
                    do {
                        let containers = try await engine.call {
                            try await $0.listContainers(all: true, filters: ["label": [ComposeLabel.project]])
                        }
                        return (index, .success(ComposeProject.projects(from: containers).map { ProjectView(engine: engine.name, project: $0) }))
                    } catch {
                        return (index, .failure(ErrorMiddleware<Context>.map(error, engine: engine.name)))
                    }
                }
            }
            var outcomes: [(Int, Result<[ProjectView], APIError>)] = []
            for try await outcome in group { outcomes.append(outcome) }
            outcomes.sort { $0.0 < $1.0 }
            var projects: [ProjectView] = []
            var errors: [ErrorBody] = []
            for (index, outcome) in outcomes {
                switch outcome {
                case .success(let views): projects += views
                case .failure(let error):
                    var body = error.body
                    body.engine = registry.engines[index].name
                    errors.append(body)
                }
            }
            return ProjectListView(projects: projects, errors: errors)
        }
    }

    /// The engine and the project named in the path, or 404 when no container carries that project label.
    private func find(_ context: Context) async throws -> (EngineHandle, ComposeProject) {
        let engine = try registry.engine(context.parameters.require("engine"))
        let raw = context.parameters.get("project") ?? ""
        let name = raw.removingPercentEncoding ?? raw
        // Compose names are `[a-z0-9][a-z0-9_-]*`; older versions allowed more, so any name a container may carry is accepted.
        guard ObjectReference.isValid(name, kind: .container) else {
            throw APIError.badRequest(
                field: "project", "invalid project name '\(name.prefix(80))': expected letters, digits, '_', '.' or '-', starting with a letter or digit"
            )
        }
        let containers = try await engine.call {
            try await $0.listContainers(all: true, filters: ["label": ["\(ComposeLabel.project)=\(name)"]])
        }
        // The engine's label filter is exact, but the grouping is checked again rather than trusted.
        guard let project = ComposeProject.projects(from: containers).first(where: { $0.name == name }) else {
            throw APIError.notFound(
                "no compose project '\(name)' on engine \(engine.name): no container carries the label \(ComposeLabel.project)=\(name)",
                engine: engine.name
            )
        }
        return (engine, project)
    }

    private func act(_ action: ProjectAction, timeout: Int?, context: Context) async throws -> EditedResponse<ProjectActionView> {
        let (engine, project) = try await find(context)
        let targets = project.containers.filter { !$0.oneOff }
        let results = await withTaskGroup(of: (Int, ProjectActionResultView).self) { group in
            var collected: [(Int, ProjectActionResultView)] = []
            var next = 0
            func launch() {
                let index = next
                let container = targets[index]
                next += 1
                group.addTask { (index, await apply(action, to: container, timeout: timeout, engine: engine)) }
            }
            while next < min(Self.concurrency, targets.count) { launch() }
            while let result = await group.next() {
                collected.append(result)
                if next < targets.count { launch() }
            }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for (container, result) in zip(targets, results) {
            var parameters = ["project": project.name, "via": "project.\(action.rawValue)", "service": container.service]
            if let timeout { parameters["t"] = String(timeout) }
            try await auditor.record(
                AuditEntry(
                    user: context.identity?.name, role: context.identity?.role, clientAddress: context.clientAddress,
                    requestID: context.id, action: "container.\(action.rawValue)", engine: engine.name, objectID: container.id,
                    objectName: container.name, parameters: parameters, result: result.ok ? .success : .failure,
                    error: result.error?.message
                )
            )
        }
        let view = ProjectActionView(engine: engine.name, project: project.name, action: action.rawValue, results: results)
        return EditedResponse(status: view.failed == 0 ? .ok : .multiStatus, response: view)
    }

    private func apply(_ action: ProjectAction, to container: ComposeContainer, timeout: Int?, engine: EngineHandle) async
        -> ProjectActionResultView
    {
        do {
            let outcome = try await engine.call { client in
                switch action {
                case .start: try await client.startContainer(container.id)
                case .stop: try await client.stopContainer(container.id, timeout: timeout)
                case .restart: try await client.restartContainer(container.id, timeout: timeout)
                }
            }
            return ProjectActionResultView(
                id: container.id, name: container.name, service: container.service, ok: true, changed: outcome == .done, error: nil
            )
        } catch {
            let mapped = ErrorMiddleware<Context>.map(error, engine: engine.name)
            return ProjectActionResultView(
                id: container.id, name: container.name, service: container.service, ok: false, changed: nil, error: mapped.body
            )
        }
    }
}
