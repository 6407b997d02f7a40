/// Where an event stream got to, so a reconnect neither misses nor repeats an event.
///
/// The engine stamps an event (`timeNano`) before it publishes it, and publishes from several goroutines,
/// so a live stream is only roughly in time order: under load an event can arrive after one stamped
/// milliseconds later. A cursor that dropped everything older than the newest event seen would lose such
/// events for good (a `pause`, a `start`). So the cursor remembers which events it delivered during a
/// window of time behind the newest one, resumes that far back (the engine's `since` is inclusive and
/// replays from its in-memory buffer), and drops only what it delivered already.
public struct EventCursor: Sendable {
    /// How far behind the newest event a late one is still accepted, and how far back a resume asks.
    public static let window: Int64 = 5_000_000_000
    /// The most keys remembered, whatever the rate of events (the engine replays at most 256 anyway).
    static let maximumKeys = 16_384

    /// The highest `timeNano` delivered so far.
    public private(set) var lastNano: Int64?
    /// Keys of the events delivered within the window, in the order delivered (see ``DockerEvent/resumeKey``).
    private var delivered: [(nano: Int64, key: String)] = []
    private var start = 0
    private var keys: Set<String> = []

    /// A cursor that has seen nothing.
    public init() {}

    /// Whether `event` is new; records it when it is.
    public mutating func admit(_ event: DockerEvent) -> Bool {
        if let lastNano, event.timeNano < lastNano - Self.window { return false }
        guard keys.insert(event.resumeKey).inserted else { return false }
        delivered.append((event.timeNano, event.resumeKey))
        lastNano = max(lastNano ?? event.timeNano, event.timeNano)
        forgetOld()
        return true
    }

    /// The `since` to resume from: the start of the window behind the newest event, or nil when nothing was seen.
    public var since: DockerTimestamp? {
        lastNano.map { DockerTimestamp(nanosecondsSinceEpoch: max(0, $0 - Self.window)) }
    }

    /// Drops keys that fell out of the window (roughly in order: delivery order is close to time order).
    private mutating func forgetOld() {
        guard let lastNano else { return }
        let horizon = lastNano - Self.window
        while start < delivered.count, delivered[start].nano < horizon || delivered.count - start > Self.maximumKeys {
            keys.remove(delivered[start].key)
            start += 1
        }
        // Compact now and then so the array does not grow without end.
        if start > 1024, start * 2 > delivered.count {
            delivered.removeFirst(start)
            start = 0
        }
    }
}
