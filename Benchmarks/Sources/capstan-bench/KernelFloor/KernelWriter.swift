#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// One writing thread of the kernel floor: on each `go`, it stamps the time and writes the same
/// bytes once to each of its sockets, in order, then reports its stamp and the CPU the writes took.
///
/// Its own thread (not a task) so that nothing but the writes runs between the stamp and the last
/// write; the semaphores only start and end a fan-out, outside the measured span.
final class KernelWriter: @unchecked Sendable {
    /// What one fan-out of this writer took.
    struct Pass {
        /// `CLOCK_MONOTONIC` just before the first write (ns).
        var stamp: Int64 = 0
        /// This thread's CPU time over the writes (ns).
        var cpuNanos: Int64 = 0
    }

    private let sockets: ArraySlice<Int32>
    private let message: [UInt8]
    private let go = DispatchSemaphore(value: 0)
    private let done = DispatchSemaphore(value: 0)
    // Written by the writer's thread before `done` is signalled, read after `waitDone`: the semaphore orders them.
    private var pass = Pass()
    private var failure: Int32 = 0
    private let stopping = Atomic<Bool>(false)

    /// A writer of `message` to `sockets` (server ends), on a thread started here.
    init(sockets: ArraySlice<Int32>, message: [UInt8]) {
        self.sockets = sockets
        self.message = message
        let thread = Thread { [self] in loop() }
        thread.name = "kernel-floor-writer"
        thread.start()
    }

    /// Starts one fan-out.
    func start() { go.signal() }

    /// Waits for the fan-out to end; its stamp and CPU, or the `errno` of a failed write.
    func waitDone() -> Result<Pass, LoopbackPairs.SystemCallError> {
        done.wait()
        return failure == 0 ? .success(pass) : .failure(.init(call: "write", code: failure))
    }

    /// Ends the thread (after the current fan-out).
    func stop() {
        stopping.store(true, ordering: .relaxed)
        go.signal()
    }

    private func loop() {
        while true {
            go.wait()
            if stopping.load(ordering: .relaxed) { return }
            let cpu0 = WallClock.threadCPU()
            pass.stamp = WallClock.monotonic()
            message.withUnsafeBytes { bytes in
                for fd in sockets where failure == 0 {
                    // Blocking sockets and a message far below the send buffer: one call writes it all.
                    if write(fd, bytes.baseAddress, bytes.count) != bytes.count { failure = errno }
                }
            }
            pass.cpuNanos = WallClock.threadCPU() - cpu0
            done.signal()
        }
    }
}
