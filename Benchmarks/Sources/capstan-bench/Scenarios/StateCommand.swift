import ArgumentParser
import DockerEngine
import Foundation
import NIOPosix

/// `capstan-bench state`: container-list latency from the engine's event time to each client.
///
/// N clients subscribe to the container list; one container is started and stopped C times. For
/// each start (stop) the engine's `start` (`die`) event gives `timeNano`; a client's latency is its
/// arrival time of the matching `status_change` minus that. Each phase waits (bounded) for every
/// client before the next begins, so a phase's figures are not disturbed by the next one.
struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "state", abstract: "State latency: N clients, C start/stop cycles.")

    @OptionGroup var common: CommonOptions
    @Option(help: "Clients subscribed to the container list.") var clients = 1000
    @Option(help: "Start/stop cycles.") var cycles = 100
    @Option(help: "How long a phase waits for every client (ms).") var phaseTimeoutMs = 5000

    func run() async throws {
        let engine = try common.engine()
        let containers = Containers(engine: engine, image: common.image, scenario: "state")
        await containers.removeAll()
        let id = try await containers.create(["sleep", "100000"])
        let phases = cycles * 2
        let recorder = StateRecorder(clients: clients, phases: phases, containerID: id)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: common.threads)
        let pool = ClientPool(connector: try common.connector(group: group), sink: recorder)
        var result = ScenarioResult(scenario: "state")

        Log.say("state: opening \(clients) clients")
        await pool.open(count: clients, deadline: .seconds(120))
        try await waitFor(.seconds(30)) { recorder.snapshots >= pool.accepted }
        result.metrics["clients_accepted_count"] = Double(pool.accepted)
        result.metrics["clients_refused_count"] = Double(clients - pool.accepted)
        recorder.bursts.expect(pool.accepted)

        // The engine's own event times, read directly (not through the server).
        let eventTimes = EventTimes()
        let events = try await engine.events(filters: ["container": [id], "type": ["container"]])
        let watch = CPUWatch(serverPID: common.serverPID)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for try await event in events { eventTimes.record(action: event.action, timeNano: event.timeNano) }
            }
            for phase in 0..<phases {
                eventTimes.begin(phase: phase)
                recorder.begin(phase: phase)
                try await StatePhase.drive(phase, container: id, engine: engine)
                let expected = pool.accepted * (phase + 1)
                try? await waitFor(.milliseconds(phaseTimeoutMs)) {
                    recorder.arrivals >= expected && eventTimes.has(phase)
                }
            }
            tasks.cancelAll()
        }
        result.record(load: watch, threads: common.threads)
        result.record(bursts: recorder.bursts, threads: common.threads)
        if let cpu = watch.serverCPU { result.metrics["server_cpu_s"] = cpu }

        var perPhase: [[Double]] = []
        var missed = 0
        var missingEvents = 0
        let times = eventTimes.all
        for phase in 0..<phases {
            guard let eventTime = times[phase] else {
                missingEvents += 1
                continue
            }
            var phaseLatencies: [Double] = []
            for arrival in recorder.arrivals(phase: phase).prefix(clients) {
                if arrival == 0 { missed += 1 } else { phaseLatencies.append(Double(arrival - eventTime) / 1e6) }
            }
            perPhase.append(phaseLatencies)
        }
        // Refused clients never had a chance to receive: they are reported as refused, and the
        // arrivals of accepted clients only are counted as missed.
        missed -= (clients - pool.accepted) * (phases - missingEvents)
        result.record(latencies: perPhase)
        // The engine's own share: from its timeNano to a direct reader of its event stream (same run).
        let delivery = Percentiles(eventTimes.deliveryMilliseconds)
        result.metrics["engine_event_p50_ms"] = delivery.value(50) ?? -1
        result.metrics["engine_event_p99_ms"] = delivery.value(99) ?? -1
        result.metrics["deliveries_count"] = Double(perPhase.reduce(0) { $0 + $1.count })
        result.metrics["missed_count"] = Double(max(missed, 0))
        if missingEvents > 0 { result.notes.append("\(missingEvents) phases had no engine event in time and were left out") }
        await pool.closeAll()
        try? await engine.removeContainer(id, force: true)
        try? await engine.shutdown()
        try? await group.shutdownGracefully()
        result.emit()
    }
}

/// Polls `condition` every few milliseconds until it holds; throws after `deadline`.
func waitFor(_ deadline: Duration, _ condition: () -> Bool) async throws {
    let clock = ContinuousClock()
    let end = clock.now + deadline
    while !condition() {
        guard clock.now < end else { throw TimedOut() }
        try await Task.sleep(for: .milliseconds(1))
    }
}

/// A bounded wait ran out.
struct TimedOut: Error {}
