import DockerEngine
import Logging
import Synchronization

/// One engine Capstan watches: its client and whether it is reachable.
///
/// Every request through ``call(_:)`` updates the availability, so an engine that went away is
/// noticed by the first request that fails — no polling while it is up — and the
/// ``EngineMonitor`` is woken to probe it back.
public final class EngineHandle: Sendable {
    /// The name in URLs.
    public let name: String
    /// The client.
    public let client: DockerClient
    private let state = Mutex<EngineAvailability>(.unknown)
    private let logger: Logger
    private let downSignal: AsyncStream<Void>.Continuation
    /// Yields each time the engine is seen going down: the monitor waits on it.
    let downSignals: AsyncStream<Void>

    init(configuration: EngineConfiguration, requestTimeout: Duration, logger: Logger) throws {
        self.name = configuration.name
        var logger = logger
        logger[metadataKey: "engine"] = "\(configuration.name)"
        self.logger = logger
        self.client = try DockerClient(host: configuration.host, logger: logger, requestTimeout: requestTimeout)
        (downSignals, downSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The availability as last observed.
    public var availability: EngineAvailability { state.withLock { $0 } }

    /// Runs an engine call, recording whether the engine answered.
    @discardableResult
    public func call<Result: Sendable>(_ body: (DockerClient) async throws -> Result) async throws -> Result {
        do {
            let result = try await body(client)
            markUp()
            return result
        } catch let error as DockerError where error.code == .unreachable {
            markDown(error.message)
            throw error
        } catch let error as DockerError where error.status != nil {
            // The engine answered (with an error of the request's own): it is up.
            markUp()
            throw error
        }
    }

    /// Records a successful contact.
    func markUp() {
        let previous = state.withLock { state in
            defer { state = .up }
            return state
        }
        if case .down = previous {
            logger.notice("engine reachable again", metadata: ["docker.host": "\(client.host)"])
        }
    }

    /// Records a failed contact and wakes the monitor.
    func markDown(_ reason: String) {
        let previous = state.withLock { state in
            defer { state = .down(reason) }
            return state
        }
        if case .down = previous { return }
        logger.warning(
            "engine unreachable; serving anyway and retrying", metadata: ["docker.host": "\(client.host)", "error": "\(reason)"]
        )
        downSignal.yield()
    }

    func finish() { downSignal.finish() }
}
