import CapstanWire
import NIOCore

/// A container-list change as the hub hands it to every subscriber of an engine.
///
/// One instance goes to every subscriber, so the `status_change` frame is encoded once per
/// subscription id (see `FrameCache`) instead of once per connection: at 1,000 clients the
/// per-connection `JSONEncoder` run was most of a change's cost.
public final class SharedChange: Sendable {
    /// The change, without a subscription id (each subscriber has its own).
    public let change: StatusChange
    private let frames = FrameCache()

    /// Wraps a change; its `sub` is dropped.
    public init(_ change: StatusChange) {
        var change = change
        change.sub = nil
        self.change = change
    }

    /// The change as it goes to subscription `sub`.
    public func with(sub: String) -> StatusChange {
        var change = change
        change.sub = sub
        return change
    }

    /// The encoded frame for subscription `sub`, built by `encode` once per distinct `sub`.
    public func frame(sub: String, encode: (StatusChange) -> ByteBuffer) -> ByteBuffer {
        frames.frame(sub: sub) { encode(with(sub: sub)) }
    }
}
