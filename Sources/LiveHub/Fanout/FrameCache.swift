import NIOCore
import Synchronization

/// The last few frames built from one shared item (a change, a log batch), keyed by subscription id.
///
/// Connections differ only in the `sub` they chose, and clients of one kind choose the same one, so
/// the first connection to ask builds the frame and every other gets the same bytes: a `ByteBuffer`
/// is copy-on-write, so writing it to a thousand sockets copies nothing. A few slots, not one, so
/// that two kinds of client (the UI and the CLI) sharing an item do not evict each other's frame.
public final class FrameCache: Sendable {
    private static let slots = 4
    private let entries = Mutex<[(sub: String, frame: ByteBuffer)]>([])

    /// An empty cache.
    public init() {}

    /// The frame for `sub`, built by `make` on the first request and reused after.
    public func frame(sub: String, make: () throws -> ByteBuffer) rethrows -> ByteBuffer {
        if let hit = entries.withLock({ $0.first { $0.sub == sub }?.frame }) { return hit }
        // Built outside the lock: two connections may both build it, which is harmless and rare.
        let frame = try make()
        entries.withLock { entries in
            guard !entries.contains(where: { $0.sub == sub }) else { return }
            if entries.count == Self.slots { entries.removeFirst() }
            entries.append((sub, frame))
        }
        return frame
    }
}
