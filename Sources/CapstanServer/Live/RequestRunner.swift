import DequeModule
import Synchronization

/// Runs one connection's messages one at a time and in order, in a task that exists only while there is
/// something to run: an idle connection holds no task (see ``LiveSocket``).
///
/// The socket hands messages over on its event loop and never waits; at most `limit` may wait, so a
/// client that pipelines requests faster than they are answered is told so rather than buffered without end.
final class RequestRunner<Item: Sendable>: Sendable {
    private struct State {
        var pending = Deque<Item>()
        var task: Task<Void, Never>?
        var ended = false
        /// What runs once the connection ended and no message is being handled any more.
        var cleanup: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())
    private let limit: Int
    private let handle: @Sendable (Item) async -> Void

    /// - Parameters:
    ///   - limit: how many messages may wait behind the one being handled.
    ///   - handle: handles one message; the next starts when it returns.
    init(limit: Int, handle: @escaping @Sendable (Item) async -> Void) {
        self.limit = limit
        self.handle = handle
    }

    /// Queues a message; false (and nothing queued) when `limit` messages wait already or the connection ended.
    func enqueue(_ item: Item) -> Bool {
        state.withLock { state in
            guard !state.ended, state.pending.count < limit else { return false }
            state.pending.append(item)
            if state.task == nil {
                state.task = Task { await self.run() }
            }
            return true
        }
    }

    /// The connection ended: what waits is dropped, a message being handled is cancelled, and `cleanup` runs
    /// once nothing is being handled any more (here, or when the running message returns).
    func end(_ cleanup: @escaping @Sendable () -> Void) {
        let now: Bool = state.withLock { state in
            state.ended = true
            state.pending.removeAll()
            guard let task = state.task else { return true }
            task.cancel()
            state.cleanup = cleanup
            return false
        }
        if now { cleanup() }
    }

    private enum Step {
        case handle(Item)
        case done((@Sendable () -> Void)?)
    }

    private func run() async {
        while true {
            let step: Step = state.withLock { state in
                if let item = state.pending.popFirst() { return .handle(item) }
                state.task = nil
                defer { state.cleanup = nil }
                return .done(state.cleanup)
            }
            switch step {
            case .handle(let item):
                await handle(item)
            case .done(let cleanup):
                cleanup?()
                return
            }
        }
    }
}
