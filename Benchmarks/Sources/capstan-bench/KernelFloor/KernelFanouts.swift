import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// The kernel floor's measurement: F fan-outs of one message to every client end of
/// ``LoopbackPairs``, written by W ``KernelWriter`` threads (each a contiguous share of the
/// sockets), read on the calling thread through epoll, as the load generator reads its clients.
///
/// A client's latency is its arrival (just after the read that brought the last byte of its message,
/// as the load generator stamps a frame when its read completes) minus its writer's stamp, on one
/// monotonic clock. Each fan-out waits (bounded) for every client.
struct KernelFanouts {
    /// What the fan-outs measured.
    struct Outcome {
        /// Latencies per fan-out (ms), of the clients that received it.
        var perFanout: [[Double]] = []
        /// Client messages that did not arrive within a fan-out's time.
        var missed = 0
        /// The writers' CPU per write, averaged over every write (µs).
        var writeMicros: Double = 0
        /// The reader's CPU per message read, averaged (µs).
        var readMicros: Double = 0
    }

    let pairs: LoopbackPairs
    let message: [UInt8]
    let writers: Int

    /// Runs `fanouts` fan-outs, `gapMs` apart, each waiting at most `timeoutMs` for every client.
    func run(fanouts: Int, gapMs: Int, timeoutMs: Int) throws -> Outcome {
        let sockets = pairs.serverEnds
        let count = sockets.count
        let threads = (0..<writers).map { w in
            KernelWriter(sockets: sockets[(count * w / writers)..<(count * (w + 1) / writers)], message: message)
        }
        defer { threads.forEach { $0.stop() } }
        var outcome = Outcome()
        // Bytes of an earlier run's missed messages may still arrive: they must not count in this one.
        pairs.drainClientEnds()
        var received = [Int](repeating: 0, count: count)
        var arrival = [Int64](repeating: 0, count: count)
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var writeCPU: Int64 = 0
        var readCPU: Int64 = 0
        for fanout in 0..<fanouts {
            let target = message.count * (fanout + 1)
            var pending = count
            let deadline = WallClock.monotonic() + Int64(timeoutMs) * 1_000_000
            threads.forEach { $0.start() }
            let cpu0 = WallClock.threadCPU()
            while pending > 0 {
                let left = Int32(max(0, (deadline - WallClock.monotonic()) / 1_000_000))
                let ready = epoll_wait(pairs.epoll, &events, Int32(events.count), left)
                if ready == 0 { break }
                if ready < 0 { if errno == EINTR { continue } else { throw LoopbackPairs.SystemCallError(call: "epoll_wait", code: errno) } }
                for event in events.prefix(Int(ready)) {
                    let index = Int(event.data.u64)
                    let got = buffer.withUnsafeMutableBytes { read(pairs.clientEnds[index], $0.baseAddress, $0.count) }
                    guard got > 0 else { continue }
                    let before = received[index]
                    received[index] += got
                    if before < target && received[index] >= target {
                        arrival[index] = WallClock.monotonic()
                        pending -= 1
                    }
                }
            }
            readCPU += WallClock.threadCPU() - cpu0
            var latencies: [Double] = []
            latencies.reserveCapacity(count)
            for (w, thread) in threads.enumerated() {
                let pass = try thread.waitDone().get()
                writeCPU += pass.cpuNanos
                for index in (count * w / writers)..<(count * (w + 1) / writers) {
                    if received[index] >= target {
                        latencies.append(Double(arrival[index] - pass.stamp) / 1e6)
                    } else {
                        outcome.missed += 1
                    }
                }
            }
            outcome.perFanout.append(latencies)
            // Like the state phases: this fan-out's ACKs and wake-ups settle before the next.
            usleep(UInt32(gapMs * 1000))
        }
        let messages = Double(count * fanouts)
        outcome.writeMicros = Double(writeCPU) / 1e3 / messages
        outcome.readMicros = Double(readCPU) / 1e3 / messages
        return outcome
    }
}
