import NIOCore
import Synchronization

/// Opens many clients with a bounded number of handshakes in flight, and counts how they settled.
///
/// A client is settled when its first message (`welcome`) arrived — accepted — or when it closed
/// before that — refused. Waiting on these counts (with a deadline) replaces any sleep.
final class ClientPool: FrameSink, @unchecked Sendable {
    private struct Counts {
        var welcomed = Set<Int>()
        var closed: [Int: UInt16?] = [:]
    }

    private let inner: FrameSink
    private let counts = Mutex(Counts())
    private let connector: WebSocketConnector
    private let channels = Mutex<[any Channel]>([])

    init(connector: WebSocketConnector, sink: FrameSink) {
        self.connector = connector
        self.inner = sink
    }

    /// Clients that received their first message.
    var accepted: Int { counts.withLock { $0.welcomed.count } }
    /// Clients closed without having been accepted, by close code (nil: no close frame).
    var refusedCodes: [UInt16?] { counts.withLock { c in c.closed.filter { !c.welcomed.contains($0.key) }.map(\.value) } }
    /// Clients that closed at any time.
    var closedCount: Int { counts.withLock { $0.closed.count } }

    /// Opens clients `0..<count`, at most `inFlight` handshakes at a time; returns when all settled
    /// or the deadline passed.
    func open(count: Int, inFlight: Int = 200, deadline: Duration) async {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        var next = 0
        while next < count, clock.now < end {
            let pending = next - self.settledCount
            if pending < inFlight {
                let batch = min(inFlight - pending, count - next)
                for index in next..<(next + batch) { start(index) }
                next += batch
            } else {
                try? await Task.sleep(for: .milliseconds(2))  // polling a counter, with a deadline
            }
        }
        while self.settledCount < next, clock.now < end { try? await Task.sleep(for: .milliseconds(5)) }
    }

    private var settledCount: Int {
        counts.withLock { c in c.welcomed.count + c.closed.keys.filter { !c.welcomed.contains($0) }.count }
    }

    private func start(_ index: Int) {
        connector.connect(connection: index, sink: self).whenComplete { result in
            switch result {
            case .success(let channel): self.channels.withLock { $0.append(channel) }
            case .failure: self.closed(connection: index, code: nil)
            }
        }
    }

    /// Closes every client and waits for the closes (bounded).
    func closeAll() async {
        let all = channels.withLock { $0 }
        for channel in all { channel.close(promise: nil) }
        for channel in all { try? await channel.closeFuture.get() }
    }

    // MARK: FrameSink

    func openingMessages(connection: Int) -> [String] { inner.openingMessages(connection: connection) }

    func received(_ text: ByteBuffer, at nanos: Int64, connection: Int) {
        counts.withLock { _ = $0.welcomed.insert(connection) }
        inner.received(text, at: nanos, connection: connection)
    }

    func closed(connection: Int, code: UInt16?) {
        counts.withLock { $0.closed[connection] = code }
        inner.closed(connection: connection, code: code)
    }
}
