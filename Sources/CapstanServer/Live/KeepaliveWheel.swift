import NIOCore
import Synchronization

/// One timer per event loop for the WebSocket keepalive of every connection on it.
///
/// A timer per connection (the next ping, then the pong's deadline) was two entries in the event
/// loop's timer heap per client, inserted and cancelled every 30 s, and a wake-up each: at 10,000
/// idle clients the keepalive was most of the server's idle CPU. Here each loop has one repeating
/// tick (a tenth of the shorter of the interval and the timeout, at most 1 s), and its connections
/// sit in a ring of buckets by the tick they are next due at (their ping, or their pong's deadline):
/// a tick looks at its own bucket only. Walking every connection on every tick touched each one's
/// memory once a second — at 10,000 clients a third of the idle CPU, in cache misses. The tick runs
/// only while the loop has connections.
///
/// Confined to its event loop: every method runs on `loop` (the registry hands a wheel out there).
final class KeepaliveWheel: @unchecked Sendable {
    /// Every wheel of one server: one per event loop, with the server's keepalive settings.
    final class Registry: Sendable {
        private let wheels = Mutex<[ObjectIdentifier: KeepaliveWheel]>([:])
        /// How often a ping goes out.
        let interval: TimeAmount
        /// How long a client has to answer.
        let timeout: TimeAmount

        init(interval: Duration, timeout: Duration) {
            self.interval = TimeAmount(interval)
            self.timeout = TimeAmount(timeout)
        }

        /// The wheel of `loop`, made on first use.
        func wheel(for loop: any EventLoop) -> KeepaliveWheel {
            wheels.withLock { wheels in
                if let wheel = wheels[ObjectIdentifier(loop)] { return wheel }
                let wheel = KeepaliveWheel(loop: loop, interval: interval, timeout: timeout)
                wheels[ObjectIdentifier(loop)] = wheel
                return wheel
            }
        }
    }

    let loop: any EventLoop
    let interval: TimeAmount
    let timeout: TimeAmount
    /// How often the connections are walked.
    let tick: TimeAmount
    /// The ring: bucket `t % slots.count` holds the connections due at tick `t` (ticks count `tick`s of uptime).
    private var slots: [[ObjectIdentifier: KeepaliveHandler]]
    /// The last tick whose bucket was handled.
    private var handled: UInt64 = 0
    private var live = 0
    private var task: RepeatedTask?

    private init(loop: any EventLoop, interval: TimeAmount, timeout: TimeAmount) {
        self.loop = loop
        self.interval = interval
        self.timeout = timeout
        let shortest = min(interval, timeout)
        self.tick = max(.milliseconds(10), min(.seconds(1), .nanoseconds(shortest.nanoseconds / 10)))
        // Wide enough that nothing is due a full turn ahead: every connection in a bucket is due when it comes up.
        let longest = max(interval, timeout).nanoseconds
        self.slots = Array(repeating: [:], count: Int((longest + tick.nanoseconds - 1) / tick.nanoseconds) + 2)
    }

    /// Starts pinging a connection, first at `due`.
    func add(_ handler: KeepaliveHandler, due: NIODeadline) {
        loop.preconditionInEventLoop()
        guard interval > .zero else { return }
        if task == nil {
            handled = tickNumber(.now())
            task = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [self] _ in run() }
        }
        live += 1
        place(handler, due: due)
    }

    /// Stops pinging a connection; the tick stops with the loop's last one.
    func remove(_ handler: KeepaliveHandler) {
        loop.preconditionInEventLoop()
        // A connection whose bucket is being handled has no slot: `run` counts it out.
        guard unplace(handler) else { return }
        left()
    }

    /// Moves a connection to the bucket for `due` (its pong came after its next ping's time, while it
    /// waited in the bucket of the pong's deadline).
    func move(_ handler: KeepaliveHandler, due: NIODeadline) {
        loop.preconditionInEventLoop()
        guard unplace(handler) else { return }
        place(handler, due: due)
    }

    /// Connections on this loop (for tests).
    var count: Int { live }

    private func tickNumber(_ deadline: NIODeadline) -> UInt64 { deadline.uptimeNanoseconds / UInt64(tick.nanoseconds) }

    private func place(_ handler: KeepaliveHandler, due: NIODeadline) {
        // The first tick at or after `due`, and never one already handled.
        let nanos = UInt64(tick.nanoseconds)
        let number = max((due.uptimeNanoseconds + nanos - 1) / nanos, handled + 1)
        let slot = Int(number % UInt64(slots.count))
        handler.slot = slot
        slots[slot][ObjectIdentifier(handler)] = handler
    }

    /// Takes a connection out of its bucket; false when it is in none.
    private func unplace(_ handler: KeepaliveHandler) -> Bool {
        guard let slot = handler.slot, slots[slot].removeValue(forKey: ObjectIdentifier(handler)) != nil else { return false }
        handler.slot = nil
        return true
    }

    private func left() {
        live -= 1
        if live == 0 {
            task?.cancel()
            task = nil
        }
    }

    private func run() {
        let now = NIODeadline.now()
        let target = tickNumber(now)
        // Normally one bucket; more when the loop was late.
        while handled < target, task != nil {
            handled += 1
            let slot = Int(handled % UInt64(slots.count))
            let due = slots[slot]
            slots[slot] = [:]
            for handler in due.values {
                handler.slot = nil
                if let next = handler.tick(now: now) {
                    place(handler, due: next)
                } else {
                    left()
                }
            }
        }
    }
}
