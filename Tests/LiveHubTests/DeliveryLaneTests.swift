import CapstanWire
import Synchronization
import Testing

@testable import LiveHub

/// A lane that holds its work until the test runs it: a fake, because a real event loop runs its
/// work at once, and these tests need the moment between a hand-over and its running.
private final class HeldLane: DeliveryLane, Sendable {
    private let held = Mutex<[@Sendable () -> Void]>([])
    private let submissions = Atomic<Int>(0)

    var id: ObjectIdentifier { ObjectIdentifier(self) }

    func submit(_ work: @escaping @Sendable () -> Void) {
        submissions.add(1, ordering: .relaxed)
        held.withLock { $0.append(work) }
    }

    /// Pieces of work handed over so far.
    var submitted: Int { submissions.load(ordering: .relaxed) }

    /// Runs what is held, in the order it came.
    func runAll() {
        let work = held.withLock { held in
            defer { held.removeAll() }
            return held
        }
        for item in work { item() }
    }
}

@Suite("Delivery lanes")
struct DeliveryLaneTests {
    private func change(_ seq: UInt64) -> SharedChange {
        SharedChange(StatusChange(sub: nil, engine: "local", seq: seq, change: "updated", containerID: "c\(seq)", container: nil, fields: nil))
    }

    private func key(_ queue: ClientQueue, _ sub: String) -> EngineHub.SubscriberKey {
        EngineHub.SubscriberKey(queue: ObjectIdentifier(queue), sub: sub)
    }

    /// The seqs of the changes waiting in `queue` (emptying it).
    private func seqs(_ queue: ClientQueue) -> [UInt64] {
        (queue.take() ?? []).compactMap { output in
            if case .change(_, let shared) = output { return shared.change.seq }
            return nil
        }
    }

    @Test func aChangeReachesEachLaneInOnePieceOfWorkAndOnlyWhenTheLaneRunsIt() {
        let first = HeldLane()
        let second = HeldLane()
        var subscribers = LanedSubscribers()
        let queues = (0..<6).map { ClientQueue(lane: $0 % 2 == 0 ? first : second) }
        for queue in queues { subscribers.insert(queue, for: key(queue, "c")) }
        let shared = change(1)
        subscribers.deliver([shared])
        #expect(first.submitted == 1)
        #expect(second.submitted == 1)
        #expect(queues.allSatisfy { $0.pendingCount == 0 })
        first.runAll()
        #expect(queues.enumerated().allSatisfy { $0.element.pendingCount == ($0.offset % 2 == 0 ? 1 : 0) })
        second.runAll()
        #expect(queues.allSatisfy { $0.pendingCount == 1 })
    }

    /// A held lane with one queue on it and one queue without a lane, both subscribed as `c`.
    private func lanedAndDirect() -> (lane: HeldLane, subscribers: LanedSubscribers, laned: ClientQueue, direct: ClientQueue) {
        let lane = HeldLane()
        var subscribers = LanedSubscribers()
        let laned = ClientQueue(lane: lane)
        let direct = ClientQueue()
        subscribers.insert(laned, for: key(laned, "c"))
        subscribers.insert(direct, for: key(direct, "c"))
        return (lane, subscribers, laned, direct)
    }

    @Test func deliveriesKeepTheirOrderAndAQueueWithoutALaneIsPushedAtOnce() {
        let (lane, subscribers, laned, direct) = lanedAndDirect()
        for seq in UInt64(1)...3 {
            let shared = change(seq)
            subscribers.deliver([shared])
        }
        #expect(seqs(direct) == [1, 2, 3])
        #expect(laned.pendingCount == 0)
        lane.runAll()
        #expect(seqs(laned) == [1, 2, 3])
    }

    @Test func aReplyPushedAfterTheDeliveriesFollowsTheChangesHandedOverBeforeIt() {
        let lane = HeldLane()
        var subscribers = LanedSubscribers()
        let queue = ClientQueue(lane: lane)
        subscribers.insert(queue, for: key(queue, "c"))
        let shared = change(7)
        subscribers.deliver([shared])
        // What `unsubscribe` does: the subscription is gone, then the answer goes out.
        let removed = subscribers.remove(key(queue, "c"))
        #expect(removed)
        queue.pushAfterDeliveries(.message(.ok(OkReply(id: "u", sub: "c"))))
        #expect(queue.pendingCount == 0)
        lane.runAll()
        let outputs = queue.take() ?? []
        #expect(outputs.count == 2)
        guard outputs.count == 2, case .change = outputs[0], case .message(.ok) = outputs[1] else {
            Issue.record("expected the change, then the answer: \(outputs)")
            return
        }
        // Nothing of the removed subscription is delivered after the answer.
        subscribers.deliver([shared])
        lane.runAll()
        #expect(queue.pendingCount == 0)
    }

    @Test func subscribersAreFoundRemovedAndListedAcrossLanes() {
        let first = HeldLane()
        let second = HeldLane()
        var subscribers = LanedSubscribers()
        let a = ClientQueue(lane: first)
        let b = ClientQueue(lane: second)
        let c = ClientQueue()
        subscribers.insert(a, for: key(a, "x"))
        subscribers.insert(a, for: key(a, "y"))
        subscribers.insert(b, for: key(b, "x"))
        subscribers.insert(c, for: key(c, "x"))
        #expect(subscribers.count == 4)
        #expect(subscribers[key(b, "x")] === b)
        #expect(subscribers[key(b, "y")] == nil)
        #expect(subscribers.queueIDs.count == 3)
        subscribers.removeAll(of: a)
        #expect(subscribers.count == 2)
        #expect(subscribers[key(a, "x")] == nil)
        let removedTwice = subscribers.remove(key(a, "y"))
        let removedC = subscribers.remove(key(c, "x"))
        #expect(!removedTwice)
        #expect(removedC)
        #expect(subscribers.count == 1)
    }

    @Test func severalOutputsWakeTheWriterOnce() {
        let queue = ClientQueue()
        let wakes = Atomic<Int>(0)
        queue.setNotifier { wakes.add(1, ordering: .relaxed) }
        queue.push(contentsOf: [.change(sub: "c", change(1)), .change(sub: "c", change(2)), .change(sub: "c", change(3))])
        #expect(wakes.load(ordering: .relaxed) == 1)
        #expect(seqs(queue) == [1, 2, 3])
    }

    @Test func aMessageForEveryQueueGoesOncePerQueueBehindTheChangesBeforeIt() {
        var (lane, subscribers, laned, direct) = lanedAndDirect()
        // Two subscriptions of the laned queue: the message still reaches it once.
        subscribers.insert(laned, for: key(laned, "d"))
        subscribers.deliver([change(1)])
        subscribers.deliverOncePerQueue(.message(.engineStatus(EngineStatus(engine: "local", status: "down"))))
        // Without a lane: both at once, in order.
        let directOutputs = direct.take() ?? []
        #expect(directOutputs.count == 2)
        if directOutputs.count == 2, case .message(.engineStatus) = directOutputs[0] { Issue.record("the status overtook the change") }
        #expect(laned.pendingCount == 0)
        #expect(lane.submitted == 2)
        lane.runAll()
        let outputs = laned.take() ?? []
        #expect(outputs.count == 3)
        guard outputs.count == 3, case .change = outputs[0], case .change = outputs[1], case .message(.engineStatus) = outputs[2] else {
            Issue.record("expected both subscriptions' change, then the status once: \(outputs)")
            return
        }
    }
}
