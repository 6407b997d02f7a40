import DockerEngine
import Logging
import ServiceLifecycle

/// Probes engines that are down until they answer again, with capped exponential backoff.
///
/// It probes each engine once at start (so an unreachable engine is reported at once), then
/// sleeps until a request sees the engine go down. An engine that is up costs no requests.
public struct EngineMonitor: Service {
    let registry: EngineRegistry
    let initialBackoff: Duration
    let maximumBackoff: Duration

    /// Creates a monitor.
    public init(registry: EngineRegistry, initialBackoff: Duration = .milliseconds(500), maximumBackoff: Duration = .seconds(30)) {
        self.registry = registry
        self.initialBackoff = initialBackoff
        self.maximumBackoff = maximumBackoff
    }

    /// Watches every engine until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await withDiscardingTaskGroup { group in
                for engine in registry.engines {
                    group.addTask { await watch(engine) }
                }
            }
        }
        await registry.shutdown()
    }

    private func watch(_ engine: EngineHandle) async {
        var signals = engine.downSignals.makeAsyncIterator()
        var backoff = initialBackoff
        while !Task.isCancelled {
            do {
                try await engine.call { try await $0.ping() }
                backoff = initialBackoff
                // Up: nothing to do until a request finds it down.
                guard await signals.next() != nil else { return }
            } catch {
                if Task.isCancelled { return }
                // The backoff is a wait between probes, not a way to order events.
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, maximumBackoff)
            }
        }
    }
}
