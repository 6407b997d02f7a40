import NIOCore

/// Every connection of the floor server, per event loop, and the fan-out itself.
///
/// A fan-out stamps the time, encodes the message once, and asks each event loop to write the
/// same buffer to each of its connections: no task, no queue and no encoding per connection — the
/// least work a server with one TCP connection per client can do.
final class FanoutHub: @unchecked Sendable {
    /// One event loop's connections; touched only on that loop (this is the hub's whole locking).
    private final class LoopWriters {
        let loop: any EventLoop
        var writers: [RawFrameWriter] = []

        init(loop: any EventLoop) { self.loop = loop }
    }

    private let loops: [LoopWriters]
    private let allocator = ByteBufferAllocator()

    /// A hub for the connections of `group`'s event loops.
    init(group: any EventLoopGroup) {
        var loops: [LoopWriters] = []
        for loop in group.makeIterator() { loops.append(LoopWriters(loop: loop)) }
        self.loops = loops
    }

    private func writers(of loop: any EventLoop) -> LoopWriters {
        guard let entry = loops.first(where: { $0.loop === loop }) else { preconditionFailure("an event loop of another group") }
        return entry
    }

    /// Adds a connection (on its event loop).
    func register(_ writer: RawFrameWriter, on loop: any EventLoop) {
        loop.assertInEventLoop()
        writers(of: loop).writers.append(writer)
    }

    /// Removes a connection (on its event loop).
    func unregister(_ writer: RawFrameWriter, on loop: any EventLoop) {
        loop.assertInEventLoop()
        let entry = writers(of: loop)
        entry.writers.removeAll { $0 === writer }
    }

    /// Fans out message `seq` to every connection; the stamp is taken here, before anything else.
    func fanOut(seq: Int) {
        let stamp = WallClock.nanos()
        let frame = FanoutMessage.frame(FanoutMessage.text(seq: seq, sentNanos: stamp), allocator: allocator)
        // The other loops first, so they write while this one does its own share.
        var local: LoopWriters?
        for entry in loops {
            if entry.loop.inEventLoop {
                local = entry
            } else {
                entry.loop.execute { for writer in entry.writers { writer.send(frame) } }
            }
        }
        if let local { for writer in local.writers { writer.send(frame) } }
    }
}
