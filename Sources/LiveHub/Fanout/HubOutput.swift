import CapstanWire
import NIOCore
import Synchronization

/// Something the hub hands to one client connection, tagged with how it may be dropped when the
/// client is behind.
public enum HubOutput: Sendable {
    /// A message that is never dropped (replies, errors, engine status, snapshots, log ends).
    case message(ServerMessage)
    /// A container-list change: when the client is behind, pending ones are replaced by a fresh snapshot.
    case change(sub: String, SharedChange)
    /// The client fell behind on a container subscription: send it a fresh snapshot of this engine.
    case resync(sub: String, engine: String)
    /// Log lines: dropped (and counted as a gap) when the client is behind.
    case logs(sub: String, SharedLines)
    /// A stats sample: only the newest is kept when the client is behind.
    case stats(StatsUpdate)
    /// An engine event: dropped (and counted) when the client is behind.
    case event(EventUpdate)
}

/// A batch of log lines shared by every viewer that sees all of them, so it is encoded once.
public final class SharedLines: Sendable {
    /// The lines.
    public let lines: [LiveLogLine]
    private let cache = Mutex<[UInt8]?>(nil)
    private let frames = FrameCache()

    /// The bytes of the lines' text: what a client's queue counts against its byte bound.
    public let textBytes: Int

    /// Wraps lines.
    public init(_ lines: [LiveLogLine]) {
        self.lines = lines
        self.textBytes = lines.reduce(0) { $0 + $1.text.utf8.count }
    }

    /// The lines' JSON array, encoded by the first caller and reused by every other.
    public func encoded(_ encode: ([LiveLogLine]) throws -> [UInt8]) rethrows -> [UInt8] {
        if let bytes = cache.withLock({ $0 }) { return bytes }
        let bytes = try encode(lines)
        cache.withLock { $0 = bytes }
        return bytes
    }

    /// A whole `new_logs` frame of this batch alone for subscription `sub`, built by `make` once per
    /// distinct `sub`: every viewer with that id is sent the same bytes.
    public func frame(sub: String, make: () -> ByteBuffer) -> ByteBuffer {
        frames.frame(sub: sub, make: make)
    }
}
