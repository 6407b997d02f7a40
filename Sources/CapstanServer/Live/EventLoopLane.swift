import LiveHub
import NIOCore

/// A client's ``DeliveryLane``: the event loop of its channel, where its ``LiveWriter`` runs.
///
/// The hub hands the loop one piece of work per change for all of that loop's clients; pushed there,
/// each client's queue calls its writer inline (it is on its loop), so a change costs the loop one
/// task and each client one write, with no lock shared with the hub's thread.
struct EventLoopLane: DeliveryLane {
    let loop: any EventLoop

    var id: ObjectIdentifier { ObjectIdentifier(loop) }

    /// Always a task of the loop, even on the loop itself: running it inline there would let it overtake
    /// work submitted earlier from another thread.
    func submit(_ work: @escaping @Sendable () -> Void) {
        loop.execute(work)
    }
}
