import CapstanWire
import DockerEngine
import Hummingbird

/// Containers: list, inspect, create, every lifecycle action, remove, logs, wait, prune.
struct ContainersController<Context: RequestContext> {
    let registry: EngineRegistry
    let maxLogLines: Int

    /// The signal names and numbers `kill` accepts (checked here so a typo is a 400 naming the field).
    static var signalPattern: (String) -> Bool {
        { text in
            let upper = text.uppercased()
            if let number = Int(upper) { return (1...64).contains(number) }
            let name = upper.hasPrefix("SIG") ? String(upper.dropFirst(3)) : upper
            if knownSignals.contains(name) { return true }
            // Real-time signals: RTMIN, RTMIN+3, RTMAX-2.
            for base in ["RTMIN", "RTMAX"] where name.hasPrefix(base) {
                let rest = name.dropFirst(base.count)
                if rest.isEmpty { return true }
                if let sign = rest.first, sign == "+" || sign == "-", let offset = Int(rest.dropFirst()), (0...32).contains(offset) {
                    return true
                }
            }
            return false
        }
    }

    /// The Linux signal names the engine accepts (without the `SIG` prefix).
    static var knownSignals: Set<String> {
        [
            "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "IOT", "BUS", "FPE", "KILL", "USR1", "SEGV", "USR2", "PIPE", "ALRM",
            "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU", "URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH",
            "IO", "POLL", "PWR", "SYS",
        ]
    }

    func addRoutes(to api: RouterGroup<Context>) {
        let group = api.group("engines/:engine/containers")
        group.get { request, context in
            let query = QueryReader(request)
            let all = try query.bool("all", default: true)
            let size = try query.bool("size", default: false)
            let limit = try query.int("limit", in: 1...100_000)
            let filters = try query.filters()
            let engine = try engine(context)
            let containers = try await engine.call {
                try await $0.listContainers(all: all, size: size, filters: filters, limit: limit)
            }
            return containers.map { ContainerView(engine: engine.name, summary: $0) }
        }
        group.post { request, context in
            let engine = try engine(context)
            let name = try QueryReader(request).reference("name", kind: .container)
            // Not `request.decode(as:)`: it rewraps DecodingError as an HTTPError without the field.
            let body = try await context.requestDecoder.decode(ContainerCreateRequest.self, from: request, context: context)
            guard !body.image.isEmpty, ObjectReference.isValid(body.image, kind: .image) else {
                throw APIError.badRequest(field: "Image", ObjectReference.invalidMessage(body.image, kind: .image))
            }
            let created = try await engine.call { try await $0.createContainer(body, name: name) }
            return Created(value: CreatedView(id: created.id, warnings: created.warnings ?? []))
        }
        group.post("prune") { _, context in
            let engine = try engine(context)
            let report = try await engine.call { try await $0.pruneContainers() }
            return PruneReportView(
                engine: engine.name, kind: "containers", deleted: report.containersDeleted ?? [],
                spaceReclaimed: report.spaceReclaimed
            )
        }
        group.get(":container") { request, context in
            let (engine, id) = try target(context)
            let size = try QueryReader(request).bool("size", default: false)
            return JSONDocument(buffer: try await engine.call { try await $0.inspectContainerDocument(id, size: size) })
        }
        group.delete(":container") { request, context in
            let (engine, id) = try target(context)
            let query = QueryReader(request)
            let force = try query.bool("force", default: false)
            let volumes = try query.bool("volumes", default: false)
            try await engine.call { try await $0.removeContainer(id, force: force, volumes: volumes) }
            return Response(status: .noContent)
        }
        group.post(":container/start") { _, context in
            try await act(context, "start") { client, id in try await client.startContainer(id) }
        }
        group.post(":container/stop") { request, context in
            let timeout = try QueryReader(request).int("t", in: 0...3600)
            return try await act(context, "stop") { client, id in try await client.stopContainer(id, timeout: timeout) }
        }
        group.post(":container/restart") { request, context in
            let timeout = try QueryReader(request).int("t", in: 0...3600)
            return try await act(context, "restart") { client, id in try await client.restartContainer(id, timeout: timeout) }
        }
        group.post(":container/kill") { request, context in
            let signal = QueryReader(request).string("signal")
            if let signal, !Self.signalPattern(signal) {
                throw APIError.badRequest(field: "signal", "'signal' must be a signal name like SIGTERM or a number, not '\(signal)'")
            }
            return try await act(context, "kill") { client, id in try await client.killContainer(id, signal: signal) }
        }
        group.post(":container/pause") { _, context in
            try await act(context, "pause") { client, id in try await client.pauseContainer(id) }
        }
        group.post(":container/unpause") { _, context in
            try await act(context, "unpause") { client, id in try await client.unpauseContainer(id) }
        }
        group.post(":container/rename") { request, context in
            guard let name = try QueryReader(request).reference("name", kind: .container) else {
                throw APIError.badRequest(field: "name", "'name' is required: the container's new name")
            }
            return try await act(context, "rename") { client, id in
                try await client.renameContainer(id, to: name)
                return .done
            }
        }
        group.post(":container/wait") { request, context in
            let (engine, id) = try target(context)
            let text = QueryReader(request).string("condition") ?? WaitCondition.notRunning.rawValue
            guard let condition = WaitCondition(rawValue: text) else {
                throw APIError.badRequest(field: "condition", "'condition' must be not-running, next-exit or removed")
            }
            let result = try await engine.call { try await $0.waitContainer(id, condition: condition) }
            return WaitResultView(statusCode: result.statusCode, error: result.error?.message)
        }
        group.get(":container/logs") { request, context in
            let (engine, id) = try target(context)
            let query = QueryReader(request)
            var options = LogOptions()
            options.tail = try query.int("tail", in: 0...maxLogLines) ?? min(1000, maxLogLines)
            options.since = try query.timestamp("since")
            options.until = try query.timestamp("until")
            options.timestamps = try query.bool("timestamps", default: true)
            options.stdout = try query.bool("stdout", default: true)
            options.stderr = try query.bool("stderr", default: true)
            guard options.stdout || options.stderr else {
                throw APIError.badRequest(field: "stdout", "choose at least one of stdout and stderr")
            }
            let lines = try await engine.call { try await $0.logs(id, options: options, maxLines: maxLogLines) }
            return LogsView(engine: engine.name, container: id, lines: lines.map(LogLineView.init))
        }
        group.get(":container/stats") { _, context in
            let (engine, id) = try target(context)
            return StatsView(try await engine.call { try await $0.statsSample(id) })
        }
    }

    private func engine(_ context: Context) throws -> EngineHandle {
        try registry.engine(context.parameters.require("engine"))
    }

    private func target(_ context: Context) throws -> (EngineHandle, String) {
        (try engine(context), try context.parameters.reference("container", kind: .container))
    }

    private func act(
        _ context: Context, _ action: String, _ body: @Sendable @escaping (DockerClient, String) async throws -> ActionOutcome
    ) async throws -> ActionResultView {
        let (engine, id) = try target(context)
        let outcome = try await engine.call { try await body($0, id) }
        return ActionResultView(engine: engine.name, container: id, action: action, changed: outcome == .done)
    }
}

/// `201` answer of a create.
struct CreatedView: Codable, Sendable {
    let id: String
    let warnings: [String]
}

/// A stats sample as the API answers it.
struct StatsView: ResponseEncodable {
    let sample: StatsSample
    init(_ sample: StatsSample) { self.sample = sample }
    func encode(to encoder: any Encoder) throws { try sample.encode(to: encoder) }
}
