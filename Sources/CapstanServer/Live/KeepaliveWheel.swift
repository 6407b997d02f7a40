import NIOCore
import Synchronization

/// One timer per event loop for the WebSocket keepalive of every connection on it.
///
/// A timer per connection (the next ping, then the pong's deadline) was two entries in the event
/// loop's timer heap per client, inserted and cancelled every 30 s, and a wake-up each: at 10,000
/// idle clients the keepalive was most of the server's idle CPU. Here each loop has one repeating
/// tick (a tenth of the shorter of the interval and the timeout, at most 1 s) that walks its
/// connections and pings those due; the tick runs only while the loop has connections.
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
    private var handlers: [ObjectIdentifier: KeepaliveHandler] = [:]
    private var task: RepeatedTask?

    private init(loop: any EventLoop, interval: TimeAmount, timeout: TimeAmount) {
        self.loop = loop
        self.interval = interval
        self.timeout = timeout
        let shortest = min(interval, timeout)
        self.tick = max(.milliseconds(10), min(.seconds(1), .nanoseconds(shortest.nanoseconds / 10)))
    }

    /// Starts pinging a connection.
    func add(_ handler: KeepaliveHandler) {
        loop.preconditionInEventLoop()
        guard interval > .zero else { return }
        handlers[ObjectIdentifier(handler)] = handler
        if task == nil {
            task = loop.scheduleRepeatedTask(initialDelay: tick, delay: tick) { [self] _ in run() }
        }
    }

    /// Stops pinging a connection; the tick stops with the loop's last one.
    func remove(_ handler: KeepaliveHandler) {
        loop.preconditionInEventLoop()
        handlers.removeValue(forKey: ObjectIdentifier(handler))
        if handlers.isEmpty {
            task?.cancel()
            task = nil
        }
    }

    /// Connections on this loop (for tests).
    var count: Int { handlers.count }

    private func run() {
        let now = NIODeadline.now()
        // A handler may remove itself (a timed-out connection closes): the loop walks the table as it was.
        for handler in handlers.values { handler.tick(now: now) }
    }
}
