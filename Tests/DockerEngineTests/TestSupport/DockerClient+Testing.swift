import Testing
import DockerEngine
import Foundation

extension DockerClient {
    /// Creates a labelled container from the test image, runs `body`, and removes it whatever happens.
    func withContainer<Result: Sendable>(
        _ cmd: [String], name: String? = nil, start: Bool = true, configure: (inout ContainerCreateRequest) -> Void = { _ in },
        _ body: (String) async throws -> Result
    ) async throws -> Result {
        var request = ContainerCreateRequest(image: TestEngine.image, cmd: cmd)
        request.labels = ["capstan.test": "1"]
        configure(&request)
        let id = try await createContainer(request, name: name ?? TestEngine.uniqueName("c")).id
        do {
            if start { try await startContainer(id) }
            let result = try await body(id)
            try? await removeContainer(id, force: true, volumes: true)
            return result
        } catch {
            try? await removeContainer(id, force: true, volumes: true)
            throw error
        }
    }

    /// Waits for a container state, polling with a deadline (never a sleep that orders events).
    func waitForState(_ id: String, _ state: String, timeout: Duration = .seconds(20)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await inspectContainer(id).state.status == state { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestSetupError("container \(id.prefix(12)) did not reach state \(state) within \(timeout)")
    }
}

/// A command that prints and then waits, exiting at once on SIGTERM (busybox sh ignores TERM without a trap).
let trappingSleeper = ["sh", "-c", "trap 'exit 0' TERM; echo ready; sleep 3600 & wait"]

/// Expects `body` to throw a ``DockerError`` with `code`, returning it.
@discardableResult
func expectDockerError<T>(
    _ code: DockerError.Code, _ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) async -> DockerError? {
    do {
        _ = try await body()
        Issue.record("expected DockerError \(code), but the call succeeded", sourceLocation: sourceLocation)
        return nil
    } catch let error as DockerError {
        #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected DockerError \(code), got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
