import NIOCore
import Synchronization

/// The floor clients' sink: for each fan-out message, the client's latency from the floor
/// server's stamp (`sentNanos`) to the arrival, both `CLOCK_REALTIME` on this machine.
///
/// The message names its fan-out (`seq`), so unlike ``StateRecorder`` no phase is needed to know
/// which one arrived. The scan is the same kind of work as the state clients' (a few `memchr`s).
final class FloorRecorder: FrameSink, @unchecked Sendable {
    /// The latency of a fan-out a client did not receive.
    static let missing = Int64.min

    private let clients: Int
    private let fanouts: Int
    /// Latencies in ns, `[client * fanouts + fanout]`. Bounded: clients × fan-outs.
    private let latencies: Mutex<[Int64]>
    private let received = Atomic<Int>(0)
    /// This process's CPU while each fan-out's arrivals last.
    let bursts: BurstLoad

    init(clients: Int, fanouts: Int) {
        self.clients = clients
        self.fanouts = fanouts
        self.latencies = Mutex([Int64](repeating: Self.missing, count: clients * fanouts))
        self.bursts = BurstLoad(count: fanouts)
    }

    /// Messages recorded so far (all fan-outs).
    var arrivals: Int { received.load(ordering: .relaxed) }

    /// The latencies (ns) of one fan-out, ``missing`` where a client did not receive it.
    func latencies(fanout: Int) -> [Int64] {
        latencies.withLock { all in (0..<clients).map { all[$0 * fanouts + fanout] } }
    }

    func openingMessages(connection: Int) -> [String] { [] }

    func received(_ text: ByteBuffer, at nanos: Int64, connection: Int) {
        text.withUnsafeReadableBytes { bytes in
            let scan = JSONScan(bytes: bytes)
            guard scan.contains(#""type":"status_change""#),
                let stampAt = scan.after(#""sentNanos":"#), let stamp = scan.integer(at: stampAt)?.value,
                let seqAt = scan.after(#""seq":"#), let seq = scan.integer(at: seqAt)?.value,
                seq >= 0, seq < fanouts, connection < clients
            else { return }
            let isNew = latencies.withLock { all -> Bool in
                let index = connection * fanouts + Int(seq)
                guard all[index] == Self.missing else { return false }
                all[index] = nanos - stamp
                return true
            }
            if isNew {
                received.add(1, ordering: .relaxed)
                bursts.arrived(burst: Int(seq))
            }
        }
    }

    func closed(connection: Int, code: UInt16?) {}
}
