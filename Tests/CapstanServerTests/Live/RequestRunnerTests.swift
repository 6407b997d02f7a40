@testable import CapstanServer
import Synchronization
import Testing

/// A connection's requests: one at a time, in order, bounded, and the end waits for the one running.
struct RequestRunnerTests {
    /// Records what was handled; each item waits until the test lets it go, cancelled or not (a request
    /// being answered may not notice cancellation).
    final class Gate: Sendable {
        let handled = Mutex<[Int]>([])
        let (started, startedContinuation) = AsyncStream.makeStream(of: Int.self)
        private let waiting = Mutex<(released: Int, waiter: CheckedContinuation<Void, Never>?)>((0, nil))

        func handle(_ item: Int) async {
            startedContinuation.yield(item)
            await withCheckedContinuation { continuation in
                let go: Bool = waiting.withLock { state in
                    if state.released > 0 {
                        state.released -= 1
                        return true
                    }
                    state.waiter = continuation
                    return false
                }
                if go { continuation.resume() }
            }
            handled.withLock { $0.append(item) }
        }

        /// Lets the item waiting (or the next one to wait) go on.
        func release() {
            let waiter: CheckedContinuation<Void, Never>? = waiting.withLock { state in
                if let waiter = state.waiter {
                    state.waiter = nil
                    return waiter
                }
                state.released += 1
                return nil
            }
            waiter?.resume()
        }
    }

    @Test func itemsRunOneAtATimeInOrderAndTheLimitIsKept() async throws {
        let gate = Gate()
        let runner = RequestRunner<Int>(limit: 3) { await gate.handle($0) }
        var started = gate.started.makeAsyncIterator()
        #expect(runner.enqueue(0))
        #expect(await started.next() == 0)
        // 0 runs; three may wait behind it, a fourth is refused.
        #expect(runner.enqueue(1) && runner.enqueue(2) && runner.enqueue(3))
        #expect(!runner.enqueue(4))
        for expected in 1...3 {
            gate.release()
            #expect(await started.next() == expected, "the next starts only once the one before returned")
        }
        gate.release()
        let cleaned = Mutex(false)
        await withCheckedContinuation { continuation in
            runner.end {
                cleaned.withLock { $0 = true }
                continuation.resume()
            }
        }
        #expect(gate.handled.withLock { $0 } == [0, 1, 2, 3])
        #expect(cleaned.withLock { $0 })
    }

    @Test func theEndDropsWhatWaitsAndCleansUpAfterTheRunningItem() async throws {
        let gate = Gate()
        let runner = RequestRunner<Int>(limit: 8) { await gate.handle($0) }
        var started = gate.started.makeAsyncIterator()
        #expect(runner.enqueue(0) && runner.enqueue(1))
        #expect(await started.next() == 0)
        let cleaned = Mutex(false)
        let (done, doneContinuation) = AsyncStream.makeStream(of: Void.self)
        runner.end {
            cleaned.withLock { $0 = true }
            doneContinuation.finish()
        }
        // The cleanup waits for the item being handled (it may still touch the hub).
        #expect(!cleaned.withLock { $0 })
        #expect(!runner.enqueue(2), "nothing is taken after the end")
        gate.release()
        for await _ in done {}
        #expect(cleaned.withLock { $0 })
        #expect(gate.handled.withLock { $0 } == [0], "what waited was dropped")
    }

    @Test func anEndWithNothingRunningCleansUpAtOnce() {
        let runner = RequestRunner<Int>(limit: 1) { _ in }
        let cleaned = Mutex(false)
        runner.end { cleaned.withLock { $0 = true } }
        #expect(cleaned.withLock { $0 })
    }
}
