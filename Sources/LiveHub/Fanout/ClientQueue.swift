import CapstanWire
import DequeModule
import Synchronization

/// The bounded outbound queue of one client: the hub pushes without ever waiting, the client's
/// writer drains.
///
/// The writer is either a task (`drain()`), or code on the connection's event loop told by a
/// notifier (`setNotifier(_:)`, then `take()`): the server's writer does not keep a task per
/// connection, which costs memory at 10,000 clients and a task wake-up per delivery.
///
/// When full, each kind of output degrades its own way: container changes collapse into one
/// "resync" (the writer sends a fresh snapshot), stats keep only the newest sample, log lines and
/// events are dropped and counted — the client is told the size of the gap. A client that stays
/// full for longer than `slowLimit` is closed with a reason.
public final class ClientQueue: Sendable {
    /// Why a queue was closed.
    public enum CloseReason: Sendable, Hashable {
        /// The client stayed behind too long.
        case tooSlow
        /// The connection is over.
        case finished
    }

    private struct Gap {
        var missed = 0
        var ranges: [String: [Int64]] = [:]
    }

    private struct State {
        var items: Deque<HubOutput> = []
        var waiter: CheckedContinuation<Void, Never>?
        var notifier: (@Sendable () -> Void)?
        /// The notifier was called and nothing was taken since: further pushes need not call it again.
        var notified = false
        var closed: CloseReason?
        var fullSince: ContinuousClock.Instant?
        var gaps: [String: Gap] = [:]
        var droppedEvents: [String: Int] = [:]
        var latestStats: [String: StatsUpdate] = [:]
        var resyncs: [String: Set<String>] = [:]
        /// Text bytes of the log batches waiting.
        var logBytes = 0
    }

    private let state = Mutex(State())
    /// Whether the queue is full (or closed as too slow): read without the lock by `closeIfStuck`, which runs
    /// for every connection on every sweep and finds nearly all of them not behind.
    private let behind = Atomic<Bool>(false)
    /// Items held before degrading.
    public let capacity: Int
    /// How long a client may stay full before it is closed.
    public let slowLimit: Duration
    /// Log text held before log batches degrade: items alone do not bound memory, since a batch can
    /// hold 256 KiB, and a client that reads nothing would otherwise hold thousands of them.
    public let maxLogBytes: Int
    /// Where the hub's container changes for this client are pushed (nil: from the hub's own thread).
    public let lane: (any DeliveryLane)?

    /// Creates a queue.
    public init(capacity: Int = 2048, slowLimit: Duration = .seconds(10), maxLogBytes: Int = 16 << 20, lane: (any DeliveryLane)? = nil) {
        self.capacity = max(8, capacity)
        self.slowLimit = slowLimit
        self.maxLogBytes = max(1, maxLogBytes)
        self.lane = lane
    }

    /// Adds an output without waiting; degrades it when the queue is full.
    public func push(_ output: HubOutput) {
        let wake = state.withLock { state -> Wake in
            let wake = pushLocked(output, state: &state)
            noteBehind(state)
            return wake
        }
        wake.run()
    }

    /// Adds outputs in order, with one wake-up for all of them (the writer then sends them in one write).
    public func push(contentsOf outputs: [HubOutput]) {
        guard outputs.count != 1 else { return push(outputs[0]) }
        let wake = state.withLock { state -> Wake in
            // Only the first push can find the writer waiting (it is woken then, and marked so), or a
            // later one the queue's closing, whose wake-up the first one's makes unneeded.
            var wake = Wake.none
            for output in outputs {
                let next = pushLocked(output, state: &state)
                if case .none = wake { wake = next }
            }
            noteBehind(state)
            return wake
        }
        wake.run()
    }

    /// Adds an output after every delivery already handed to this queue's lane: a reply that must not
    /// be overtaken by them, such as the answer to `unsubscribe` (no change of that subscription may
    /// follow it). Without a lane, the same as `push`.
    public func pushAfterDeliveries(_ output: HubOutput) {
        guard let lane else { return push(output) }
        lane.submit { [self] in push(output) }
    }

    private func pushLocked(_ output: HubOutput, state: inout State) -> Wake {
        guard state.closed == nil else { return .none }
        var bytes = 0
        if case .logs(_, let shared) = output { bytes = shared.textBytes }
        if state.items.count < capacity, bytes == 0 || state.logBytes + bytes <= maxLogBytes {
            state.fullSince = nil
            state.items.append(output)
            state.logBytes += bytes
        } else {
            let now = ContinuousClock.now
            if let since = state.fullSince {
                if now - since > slowLimit {
                    state.closed = .tooSlow
                    state.items.removeAll()
                    return Self.wakeOnClose(&state)
                }
            } else {
                state.fullSince = now
            }
            degrade(output, state: &state)
            if state.closed != nil { return Self.wakeOnClose(&state) }
        }
        return Self.wake(&state)
    }

    /// Mirrors the state into `behind`; called under the lock, so the stores keep the lock's order.
    private func noteBehind(_ state: State) {
        behind.store(state.fullSince != nil || state.closed == .tooSlow, ordering: .relaxed)
    }

    /// Who to wake, decided under the lock and done outside it.
    private enum Wake {
        case none
        case waiter(CheckedContinuation<Void, Never>)
        case notifier(@Sendable () -> Void)

        func run() {
            switch self {
            case .none: break
            case .waiter(let waiter): waiter.resume()
            case .notifier(let notify): notify()
            }
        }
    }

    private static func wake(_ state: inout State) -> Wake {
        if let waiter = state.waiter.take() { return .waiter(waiter) }
        if !state.notified, let notifier = state.notifier {
            state.notified = true
            return .notifier(notifier)
        }
        return .none
    }

    /// The last wake-up: the notifier is dropped with it (it may hold the connection's handler).
    private static func wakeOnClose(_ state: inout State) -> Wake {
        if let waiter = state.waiter.take() { return .waiter(waiter) }
        defer { state.notifier = nil }
        return state.notifier.map { .notifier($0) } ?? .none
    }

    /// Calls `notifier` (from whichever thread pushes) when items arrive while nothing is pending, and once
    /// when the queue closes; after each call, `take()` the items. Replaces any notifier set before; nil
    /// removes it. Called at once if items are already waiting.
    public func setNotifier(_ notifier: (@Sendable () -> Void)?) {
        let wake: Wake = state.withLock { state in
            state.notifier = notifier
            state.notified = false
            if state.closed != nil { return Self.wakeOnClose(&state) }
            return Self.hasPending(state) ? Self.wake(&state) : .none
        }
        wake.run()
    }

    private static func hasPending(_ state: State) -> Bool {
        !state.items.isEmpty || !state.latestStats.isEmpty || !state.gaps.isEmpty || !state.resyncs.isEmpty || !state.droppedEvents.isEmpty
    }

    /// Everything pending (plus gap notices), without waiting: empty when there is nothing, nil once closed.
    /// After this, the notifier is called again on the next push.
    public func take() -> [HubOutput]? {
        state.withLock { state in
            state.notified = false
            if state.closed != nil { return nil }
            defer { noteBehind(state) }
            return Self.takeAll(&state)
        }
    }

    /// Everything pending (plus gap notices), waiting until there is something; nil once closed.
    ///
    /// Taking everything at once lets the writer merge consecutive log batches into one frame.
    public func drain() async -> [HubOutput]? {
        while true {
            let result: [HubOutput]?? = state.withLock { state in
                if state.closed != nil { return .some(nil) }
                let out = Self.takeAll(&state)
                noteBehind(state)
                return out.isEmpty ? .none : .some(out)
            }
            if let result { return result }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = state.withLock { state -> Bool in
                        if state.closed != nil || Self.hasPending(state) || Task.isCancelled { return true }
                        state.waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                close(.finished)
            }
        }
    }

    /// Closes the queue as too slow when it has been full for longer than `slowLimit`, and says whether it is
    /// closed that way. `push` checks this too, but only when something arrives: a burst that ended while the
    /// client was stuck would otherwise leave it connected until the keepalive gives up. The connection calls
    /// this periodically.
    @discardableResult
    public func closeIfStuck(now: ContinuousClock.Instant = .now) -> Bool {
        // A queue that is not full cannot be stuck; a stale read is caught by the next sweep.
        guard behind.load(ordering: .relaxed) else { return false }
        let (stuck, wake) = state.withLock { state -> (Bool, Wake) in
            if state.closed == nil, let since = state.fullSince, now - since > slowLimit {
                state.closed = .tooSlow
                state.items.removeAll()
                return (true, Self.wakeOnClose(&state))
            }
            return (state.closed == .tooSlow, .none)
        }
        wake.run()
        return stuck
    }

    /// Whether the queue is full, or closed for it (a lock-free read, possibly a moment stale).
    public var isBehind: Bool { behind.load(ordering: .relaxed) }

    /// Closes the queue: the writer's next drain returns nil.
    public func close(_ reason: CloseReason) {
        let wake = state.withLock { state -> Wake in
            if state.closed == nil { state.closed = reason }
            return Self.wakeOnClose(&state)
        }
        wake.run()
    }

    /// Why it was closed, if it was.
    public var closeReason: CloseReason? { state.withLock { $0.closed } }

    /// Items waiting (for tests and metrics).
    public var pendingCount: Int { state.withLock { $0.items.count } }

    private static func takeAll(_ state: inout State) -> [HubOutput] {
        var out = Array(state.items)
        state.items.removeAll()
        state.logBytes = 0
        for (sub, engines) in state.resyncs { for engine in engines { out.append(.resync(sub: sub, engine: engine)) } }
        state.resyncs.removeAll()
        for (_, update) in state.latestStats { out.append(.stats(update)) }
        state.latestStats.removeAll()
        for (sub, gap) in state.gaps {
            out.append(.message(.logGap(LogGap(sub: sub, missed: gap.missed, ranges: gap.ranges))))
        }
        state.gaps.removeAll()
        if !state.droppedEvents.isEmpty {
            for (sub, count) in state.droppedEvents {
                out.append(.message(.error(ErrorReply(sub: sub, code: "events_dropped", message: "\(count) events were dropped because the client read too slowly"))))
            }
            state.droppedEvents.removeAll()
        }
        if !out.isEmpty { state.fullSince = nil }
        return out
    }

    private func degrade(_ output: HubOutput, state: inout State) {
        switch output {
        case .message(let message):
            // Never dropped, but bounded: a client that cannot take even these is closed.
            if state.items.count >= capacity * 2 {
                state.closed = .tooSlow
                state.items.removeAll()
            } else {
                state.items.append(.message(message))
            }
        case .change(let sub, let change):
            state.items.removeAll { item in
                if case .change(let other, let pending) = item { return other == sub && pending.change.engine == change.change.engine }
                return false
            }
            state.resyncs[sub, default: []].insert(change.change.engine)
        case .resync(let sub, let engine):
            state.resyncs[sub, default: []].insert(engine)
        case .stats(let update):
            state.latestStats[update.sub] = update
        case .logs(let sub, let shared):
            var gap = state.gaps[sub] ?? Gap()
            gap.missed += shared.lines.count
            for line in shared.lines {
                if var range = gap.ranges[line.container] {
                    range[0] = min(range[0], line.seq)
                    range[1] = max(range[1], line.seq)
                    gap.ranges[line.container] = range
                } else {
                    gap.ranges[line.container] = [line.seq, line.seq]
                }
            }
            state.gaps[sub] = gap
        case .event(let update):
            state.droppedEvents[update.sub, default: 0] += 1
        }
    }
}
