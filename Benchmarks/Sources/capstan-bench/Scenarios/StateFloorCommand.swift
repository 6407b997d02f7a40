import ArgumentParser
import DockerEngine
import Foundation
import NIOPosix
import Synchronization

/// `capstan-bench state-floor`: the physical floor of the state scenario on this machine.
///
/// The state scenario's clients (the same ``ClientPool``, ``WebSocketHandler`` and event-loop
/// threads) against `capstan-bench fanout-server`, a bare SwiftNIO server that writes one
/// pre-encoded message to every connection: what is left is the kernel's loopback TCP, the
/// event loops' wake-ups, and the clients' own reading of N sockets. F fan-outs, each waiting
/// (bounded) for every client before the next, like the state phases; with `--docker-host`, each
/// sent when the engine reports a start or stop, so the engine's own work after it runs alongside
/// as it does in the state scenario (without, paced by a fixed gap on an otherwise idle machine).
/// Metrics are named `floor_*`; `scripts/bench` merges them into the state run's result.
struct StateFloorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state-floor", abstract: "The state scenario's floor: N clients of fanout-server, F fan-outs.")

    @Option(help: "The fan-out server's base URL.") var url = "http://127.0.0.1:5008"
    @Option(help: "The fan-out server's control port.") var controlPort: Int
    @Option(help: "The fan-out server's process id (for its CPU time).") var serverPID: Int32?
    @Option(help: "Event-loop threads of the load generator (as for state).") var threads = 1
    @Option(help: "Clients.") var clients = 1000
    @Option(help: "Fan-outs.") var fanouts = 200
    @Option(help: "How long a fan-out waits for every client (ms).") var phaseTimeoutMs = 5000
    /// The state phases come about 100–150 ms apart (the engine's start/stop round trip): the same
    /// pause keeps the machine as idle between fan-outs as it is between state changes.
    @Option(help: "Pause between fan-outs (ms).") var gapMs = 100
    /// With an engine, fan-out k is sent when the engine reports the k-th start or stop of a container
    /// that this command drives as the state scenario does: the fan-out then runs while the engine is
    /// still busy with the start or stop, as Capstan's does.
    @Option(help: "Pace the fan-outs by a container's start/stop events on this engine (unix:///path/docker.sock).") var dockerHost: String?
    @Option(help: "The busybox test image (with --docker-host).") var image = "capstan-test/busybox:latest"

    func run() async throws {
        guard let components = URLComponents(string: url), let host = components.host, let port = components.port else {
            throw ValidationError("--url must be like http://127.0.0.1:5008")
        }
        let recorder = FloorRecorder(clients: clients, fanouts: fanouts)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        // The floor server takes any path and no token; the connector sends one anyway.
        let connector = WebSocketConnector(group: group, host: host, port: port, path: "/api/v1/ws", token: "floor")
        let pool = ClientPool(connector: connector, sink: recorder)
        var result = ScenarioResult(scenario: "state-floor")

        guard let control = await ControlSocket.connect(port: UInt16(controlPort), deadline: .seconds(20)) else {
            throw ValidationError("the fan-out server's control port \(controlPort) does not answer")
        }
        Log.say("state-floor: opening \(clients) clients")
        await pool.open(count: clients, deadline: .seconds(120))
        result.metrics["floor_clients_accepted_count"] = Double(pool.accepted)
        recorder.bursts.expect(pool.accepted)

        let watch = CPUWatch(serverPID: serverPID)
        if let dockerHost {
            try await runEnginePaced(dockerHost: dockerHost, control: control, pool: pool, recorder: recorder, result: &result)
        } else {
            for fanout in 0..<fanouts {
                guard control.send(line: String(fanout)) else {
                    result.notes.append("floor: the control connection closed at fan-out \(fanout)")
                    break
                }
                let expected = pool.accepted * (fanout + 1)
                try? await waitFor(.milliseconds(phaseTimeoutMs)) { recorder.arrivals >= expected }
                // Paced like the state phases (see gapMs): this fan-out's ACKs and wake-ups settle first.
                try? await Task.sleep(for: .milliseconds(gapMs))
            }
        }
        let load = watch.ownLoad(threads: threads)
        result.loadgenCPUFraction = (load.fraction * 1000).rounded() / 1000
        result.loadgenSaturated = load.saturated
        result.metrics["floor_loadgen_cpu_pct"] = (load.fraction * 1000).rounded() / 10
        result.record(bursts: recorder.bursts, threads: threads, prefix: "floor_")
        if let cpu = watch.serverCPU { result.metrics["floor_server_cpu_s"] = cpu }

        var perFanout: [[Double]] = []
        var missed = 0
        for fanout in 0..<fanouts {
            var fanoutLatencies: [Double] = []
            for latency in recorder.latencies(fanout: fanout) {
                if latency == FloorRecorder.missing { missed += 1 } else { fanoutLatencies.append(Double(latency) / 1e6) }
            }
            perFanout.append(fanoutLatencies)
        }
        // Clients that never connected are reported as not accepted, not as missed.
        missed -= (clients - pool.accepted) * fanouts
        result.record(latencies: perFanout, prefix: "floor_")
        result.metrics["floor_missed_count"] = Double(max(missed, 0))
        await pool.closeAll()
        try? await group.shutdownGracefully()
        result.emit()
    }

    /// Fan-out k follows the k-th `start` (k even) or `die` (k odd) event of a container started and
    /// stopped here, sent by the direct event reader the moment it reads the event.
    private func runEnginePaced(
        dockerHost: String, control: ControlSocket, pool: ClientPool, recorder: FloorRecorder, result: inout ScenarioResult
    ) async throws {
        let engine = try DockerClient(host: try DockerHost.parse(dockerHost), requestTimeout: .seconds(30))
        let containers = Containers(engine: engine, image: image, scenario: "state-floor")
        await containers.removeAll()
        let id = try await containers.create(["sleep", "100000"])
        let events = try await engine.events(filters: ["container": [id], "type": ["container"]])
        let sent = Atomic<Int>(0)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for try await event in events {
                    let next = sent.load(ordering: .relaxed)
                    guard next < fanouts, event.action == StatePhase.eventAction(next) else { continue }
                    guard control.send(line: String(next)) else { return }
                    sent.store(next + 1, ordering: .relaxed)
                }
            }
            for fanout in 0..<fanouts {
                try await StatePhase.drive(fanout, container: id, engine: engine)
                let expected = pool.accepted * (fanout + 1)
                try? await waitFor(.milliseconds(phaseTimeoutMs)) { recorder.arrivals >= expected }
            }
            tasks.cancelAll()
        }
        result.notes.append("floor: paced by the engine's start and die events of a container started and stopped \(fanouts / 2) times")
        try? await engine.removeContainer(id, force: true)
        try? await engine.shutdown()
    }
}
