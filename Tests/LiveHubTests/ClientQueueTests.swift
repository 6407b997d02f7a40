import CapstanWire
import LiveHub
import Synchronization
import Testing

@Suite("ClientQueue backpressure")
struct ClientQueueTests {
    private func lines(_ seqs: ClosedRange<Int64>, container: String = "c1") -> SharedLines {
        SharedLines(seqs.map { LiveLogLine(seq: $0, container: container, name: nil, ts: nil, stream: "stdout", text: "x") })
    }

    @Test func deliversInOrderWhileThereIsRoom() async {
        let queue = ClientQueue(capacity: 16)
        queue.push(.message(.pong(RequestOnly(id: "1"))))
        queue.push(.logs(sub: "l", lines(1...2)))
        let drained = await queue.drain()
        #expect(drained?.count == 2)
        if case .logs(_, let shared) = drained?.last { #expect(shared.lines.map(\.seq) == [1, 2]) }
    }

    @Test func logsBeyondCapacityBecomeACountedGap() async {
        let queue = ClientQueue(capacity: 8)
        for index in Int64(0)..<8 { queue.push(.logs(sub: "l", lines((index * 10 + 1)...(index * 10 + 10)))) }
        queue.push(.logs(sub: "l", lines(81...85)))
        queue.push(.logs(sub: "l", lines(86...90)))
        let drained = await queue.drain() ?? []
        #expect(drained.count == 9)
        guard case .message(.logGap(let gap)) = drained.last else {
            Issue.record("expected a gap notice last, got \(String(describing: drained.last))")
            return
        }
        #expect(gap.missed == 10)
        #expect(gap.ranges["c1"] == [81, 90])
    }

    @Test func statsKeepTheNewestAndChangesCollapseIntoAResync() async {
        let queue = ClientQueue(capacity: 8)
        for _ in 0..<8 { queue.push(.message(.pong(RequestOnly()))) }
        let sample = LiveStatsSample(
            ts: nil, running: true, cpuPercent: 1, memoryUsage: 1, memoryLimit: 2, memoryPercent: 50, networkRx: 0, networkTx: 0,
            networkRxRate: 0, networkTxRate: 0, blockRead: 0, blockWrite: 0, blockReadRate: 0, blockWriteRate: 0, pids: 1
        )
        var newest = sample
        newest.cpuPercent = 99
        queue.push(.stats(StatsUpdate(sub: "s", container: "c", sample: sample)))
        queue.push(.stats(StatsUpdate(sub: "s", container: "c", sample: newest)))
        let change = StatusChange(sub: "k", engine: "local", seq: 7, change: "removed", containerID: "x", container: nil, fields: nil)
        queue.push(.change(sub: "k", SharedChange(change)))
        let drained = await queue.drain() ?? []
        let stats = drained.compactMap { if case .stats(let update) = $0 { return update.sample.cpuPercent } else { return nil } }
        #expect(stats == [99])
        #expect(drained.contains { if case .resync(sub: "k", engine: "local") = $0 { return true } else { return false } })
        #expect(!drained.contains { if case .change = $0 { return true } else { return false } })
    }

    @Test func logBatchesBeyondTheByteBoundBecomeAGap() async {
        // Room for thousands of items, but only 10 bytes of log text: the third batch of 4 lines is a gap.
        let queue = ClientQueue(capacity: 4096, maxLogBytes: 10)
        queue.push(.logs(sub: "l", lines(1...4)))
        queue.push(.logs(sub: "l", lines(5...8)))
        queue.push(.logs(sub: "l", lines(9...12)))
        queue.push(.message(.pong(RequestOnly(id: "p"))))
        let drained = await queue.drain() ?? []
        #expect(Self.seqs(drained) == Array(1...8))
        let gap = drained.compactMap { if case .message(.logGap(let gap)) = $0 { gap } else { nil } }.first
        #expect(gap?.missed == 4)
        #expect(gap?.ranges["c1"] == [9, 12])
        #expect(drained.contains { if case .message(.pong) = $0 { true } else { false } }, "other messages are not bounded by log bytes")
        // Once drained, the bound is free again.
        queue.push(.logs(sub: "l", lines(13...16)))
        let next = await queue.drain() ?? []
        #expect(Self.seqs(next) == Array(13...16))
    }

    /// The seqs of the log lines among `outputs`, in order.
    private static func seqs(_ outputs: [HubOutput]) -> [Int64] {
        var result: [Int64] = []
        for output in outputs { if case .logs(_, let shared) = output { result += shared.lines.map(\.seq) } }
        return result
    }

    @Test func aClientThatStaysFullIsClosed() async {
        let queue = ClientQueue(capacity: 8, slowLimit: .zero)
        for index in Int64(0)..<10 { queue.push(.logs(sub: "l", lines(index...index))) }
        // Full since the 9th push; with a zero limit the 10th push finds it behind for too long.
        #expect(queue.closeReason == .tooSlow)
        #expect(await queue.drain() == nil)
    }

    @Test func aClientStuckAfterTheLastPushIsClosedByTheCheck() async {
        let queue = ClientQueue(capacity: 8, slowLimit: .seconds(5))
        for index in Int64(0)..<9 { queue.push(.logs(sub: "l", lines(index...index))) }
        // Full since the 9th push, and nothing else arrives: only the periodic check can notice.
        let start = ContinuousClock.now
        #expect(!queue.closeIfStuck(now: start + .seconds(4)))
        #expect(queue.closeReason == nil)
        #expect(queue.closeIfStuck(now: start + .seconds(6)))
        #expect(queue.closeReason == .tooSlow)
        #expect(await queue.drain() == nil)
    }

    @Test func aQueueWithRoomIsNeverStuck() async {
        let queue = ClientQueue(capacity: 8, slowLimit: .zero)
        queue.push(.logs(sub: "l", lines(1...1)))
        #expect(!queue.closeIfStuck(now: .now + .seconds(60)))
        #expect(await queue.drain()?.count == 1)
    }

    /// Counts notifier calls (the notifier runs on whichever thread pushes).
    private final class Calls: Sendable {
        private let value = Mutex(0)
        func add() { value.withLock { $0 += 1 } }
        var count: Int { value.withLock { $0 } }
    }

    @Test func theNotifierIsCalledOncePerTakeAndOnceMoreOnClose() {
        let queue = ClientQueue(capacity: 16)
        let calls = Calls()
        queue.setNotifier { calls.add() }
        #expect(calls.count == 0, "nothing pending: no call")
        queue.push(.logs(sub: "l", lines(1...1)))
        queue.push(.logs(sub: "l", lines(2...2)))
        #expect(calls.count == 1, "a second push before the take needs no second call")
        #expect(Self.seqs(queue.take() ?? []) == [1, 2])
        #expect(queue.take()?.isEmpty == true, "taken once, nothing left")
        queue.push(.logs(sub: "l", lines(3...3)))
        #expect(calls.count == 2, "a push after a take calls again")
        queue.close(.finished)
        #expect(calls.count == 3, "the close is told too")
        #expect(queue.take() == nil)
        queue.push(.logs(sub: "l", lines(4...4)))
        #expect(calls.count == 3, "nothing after the close")
    }

    @Test func aNotifierSetWhileItemsWaitIsCalledAtOnce() {
        let queue = ClientQueue(capacity: 16)
        queue.push(.message(.pong(RequestOnly(id: "1"))))
        let calls = Calls()
        queue.setNotifier { calls.add() }
        #expect(calls.count == 1)
        #expect(queue.take()?.count == 1)
    }

    @Test func aQueueClosedAsTooSlowTellsItsNotifier() {
        let queue = ClientQueue(capacity: 8, slowLimit: .zero)
        let calls = Calls()
        queue.setNotifier { calls.add() }
        for index in Int64(0)..<10 { queue.push(.logs(sub: "l", lines(index...index))) }
        // One call for the first push (nothing was taken), one for the close.
        #expect(calls.count == 2)
        #expect(queue.closeReason == .tooSlow)
        #expect(queue.take() == nil)
    }
}
