import NIOCore
import Synchronization

/// The stats clients' sink: per client and container, the samples that arrived inside the
/// measured window and the longest gap between two of them.
final class StatsRecorder: FrameSink, @unchecked Sendable {
    struct Pair {
        var samples = 0
        var last: Int64 = 0
        var longestGap: Int64 = 0
    }

    private let containers: [String]
    private let index: [String: Int]
    private let pairs: Mutex<[Pair]>
    private let oks = Atomic<Int>(0)
    private let window = Mutex<(start: Int64, end: Int64)>((Int64.max, Int64.max))

    init(clients: Int, containers: [String]) {
        self.containers = containers
        self.index = Dictionary(uniqueKeysWithValues: containers.enumerated().map { ($1, $0) })
        self.pairs = Mutex([Pair](repeating: Pair(), count: clients * containers.count))
    }

    /// Subscriptions answered `ok`.
    var subscriptions: Int { oks.load(ordering: .relaxed) }

    /// Starts counting at `start` and stops at `end` (wall-clock ns).
    func measure(from start: Int64, to end: Int64) { window.withLock { $0 = (start, end) } }

    /// The figures of every (client, container) pair.
    var snapshot: [Pair] { pairs.withLock { $0 } }

    func openingMessages(connection: Int) -> [String] {
        containers.map { #"{"type":"subscribe_stats","id":"s"# + $0 + #"","engine":"local","container":""# + $0 + #""}"# }
    }

    func received(_ text: ByteBuffer, at nanos: Int64, connection: Int) {
        text.withUnsafeReadableBytes { bytes in
            let scan = JSONScan(bytes: bytes)
            if scan.contains(#""type":"ok""#) {
                oks.add(1, ordering: .relaxed)
                return
            }
            guard scan.contains(#""type":"stats""#), let at = scan.after(#""container":""#), let id = scan.string(at: at),
                let container = index[String(id.prefix(12))]
            else { return }
            let (start, end) = window.withLock { $0 }
            guard nanos >= start, nanos <= end else { return }
            pairs.withLock { pairs in
                let slot = connection * containers.count + container
                var pair = pairs[slot]
                pair.samples += 1
                if pair.last > 0 { pair.longestGap = max(pair.longestGap, nanos - pair.last) }
                pair.last = nanos
                pairs[slot] = pair
            }
        }
    }

    func closed(connection: Int, code: UInt16?) {}
}
