import NIOCore
import Synchronization

/// A sink for clients that subscribe to the container list and count what they receive.
final class SnapshotCounter: FrameSink, @unchecked Sendable {
    private let snapshots = Atomic<Int>(0)
    private let messages = Atomic<Int>(0)

    /// Clients that received their `initial_state`.
    var subscribed: Int { snapshots.load(ordering: .relaxed) }
    /// Messages received in all (welcome, snapshots, changes, …).
    var received: Int { messages.load(ordering: .relaxed) }

    func openingMessages(connection: Int) -> [String] {
        [#"{"type":"subscribe_containers","id":"c","engine":"local"}"#]
    }

    func received(_ text: ByteBuffer, at nanos: Int64, connection: Int) {
        messages.add(1, ordering: .relaxed)
        let isSnapshot = text.withUnsafeReadableBytes { JSONScan(bytes: $0).contains(#""type":"initial_state""#) }
        if isSnapshot { snapshots.add(1, ordering: .relaxed) }
    }

    func closed(connection: Int, code: UInt16?) {}
}
