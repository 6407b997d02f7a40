/// Where a client's queue is fed: the server's event loop that writes the client's socket.
///
/// A change goes to every subscriber at once. Pushed from the hub's thread, that is a lock and a hop
/// to the writer's event loop per client, and the hub's thread then competes with the loops for the
/// cores while they write. With lanes, the hub hands each lane one piece of work per change
/// (`LanedSubscribers`): the loop pushes into its own clients' queues and writes them in one pass, and
/// the hub's thread is done after a hop per loop.
public protocol DeliveryLane: Sendable {
    /// The same for every lane that runs its work on the same thread in the same order (the event loop).
    var id: ObjectIdentifier { get }
    /// Runs `work` on the lane, after all work submitted before it.
    func submit(_ work: @escaping @Sendable () -> Void)
}
