@testable import CapstanStore
import Synchronization
import Testing

@Suite("AsyncLock")
struct AsyncLockTests {
    /// How many bodies run at once, and the most ever seen.
    final class Occupancy: Sendable {
        private let state = Mutex((inside: 0, maximum: 0))

        func enter() { state.withLock { $0.inside += 1; $0.maximum = max($0.maximum, $0.inside) } }
        func leave() { state.withLock { $0.inside -= 1 } }
        var maximum: Int { state.withLock { $0.maximum } }
    }

    @Test("bodies never overlap, across suspension points")
    func mutualExclusion() async {
        let lock = AsyncLock()
        let occupancy = Occupancy()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    await lock.withLock {
                        occupancy.enter()
                        await Task.yield()
                        occupancy.leave()
                    }
                }
            }
        }
        #expect(occupancy.maximum == 1)
    }
}
