/// Where an event stream got to, so a reconnect neither misses nor repeats an event.
///
/// The engine's `since` is inclusive to the nanosecond and several events can share one, so the
/// cursor keeps the highest `timeNano` delivered and the keys of the events delivered at exactly
/// that time; ``admit(_:)`` drops what was already delivered when the stream is resumed at ``since``.
public struct EventCursor: Sendable, Hashable {
    /// The highest `timeNano` delivered so far.
    public private(set) var lastNano: Int64?
    private var keysAtLast: Set<String> = []

    /// A cursor that has seen nothing.
    public init() {}

    /// Whether `event` is new; records it when it is.
    public mutating func admit(_ event: DockerEvent) -> Bool {
        guard let last = lastNano else {
            lastNano = event.timeNano
            keysAtLast = [event.resumeKey]
            return true
        }
        if event.timeNano < last { return false }
        if event.timeNano == last { return keysAtLast.insert(event.resumeKey).inserted }
        lastNano = event.timeNano
        keysAtLast = [event.resumeKey]
        return true
    }

    /// The `since` to resume from (inclusive, hence ``admit(_:)``), or nil when nothing was seen.
    public var since: DockerTimestamp? { lastNano.map { DockerTimestamp(nanosecondsSinceEpoch: $0) } }
}
