/// How a test uses the shared engine.
enum EngineAccess: Sendable {
    /// Alongside other tests: it only touches objects it created.
    case shared
    /// Alone: it acts on the whole engine.
    case exclusive
}

/// A readers–writer lock over the shared test engine, for a test that must be alone on it.
///
/// Prunes used to need it; they now run on a ``DedicatedEngine`` each, because this lock cannot
/// keep out the other test targets of the same process (DockerEngineTests), so nothing in this
/// target takes it exclusively any more. Writers are preferred (a waiting exclusive test holds new
/// tests back) so that they cannot starve.
actor EngineLock {
    /// The one lock of the test process.
    static let shared = EngineLock()

    private var readers = 0
    private var writing = false
    private var waitingReaders: [CheckedContinuation<Void, Never>] = []
    private var waitingWriters: [CheckedContinuation<Void, Never>] = []

    /// Runs `body` holding the lock in the given mode.
    nonisolated func withAccess<T: Sendable>(_ access: EngineAccess, _ body: () async throws -> T) async throws -> T {
        await acquire(access)
        do {
            let value = try await body()
            await release(access)
            return value
        } catch {
            await release(access)
            throw error
        }
    }

    private func acquire(_ access: EngineAccess) async {
        switch access {
        case .shared:
            if !writing && waitingWriters.isEmpty {
                readers += 1
            } else {
                // `release` counts us in before resuming.
                await withCheckedContinuation { waitingReaders.append($0) }
            }
        case .exclusive:
            if !writing && readers == 0 {
                writing = true
            } else {
                await withCheckedContinuation { waitingWriters.append($0) }
            }
        }
    }

    private func release(_ access: EngineAccess) {
        switch access {
        case .shared: readers -= 1
        case .exclusive: writing = false
        }
        guard !writing, readers == 0 else { return }
        if !waitingWriters.isEmpty {
            writing = true
            waitingWriters.removeFirst().resume()
        } else {
            readers += waitingReaders.count
            for reader in waitingReaders { reader.resume() }
            waitingReaders.removeAll()
        }
    }
}
