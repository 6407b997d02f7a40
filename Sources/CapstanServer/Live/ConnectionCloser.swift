import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// Ends a live connection from outside its socket — idle, token expired, too slow — once.
///
/// The sweeper (under its lock, on its own thread) and the writer call `close`; the close itself is the
/// ``LiveSocket``'s handshake, started on the connection's event loop, where every wait is bounded.
final class ConnectionCloser: Sendable {
    /// Why a connection is closed.
    enum Reason: Sendable {
        case idle(Duration)
        case tokenExpired
        case tooSlow(Duration)
    }

    private let started = Atomic<Bool>(false)
    private let socket: NIOLoopBound<LiveSocket>
    private let loop: any EventLoop
    private let logger: Logger

    /// Made on `loop`, the socket's event loop.
    init(socket: LiveSocket, loop: any EventLoop, logger: Logger) {
        self.socket = NIOLoopBound(socket, eventLoop: loop)
        self.loop = loop
        self.logger = logger
    }

    /// Starts closing with `reason`; a second call does nothing.
    func close(_ reason: Reason) {
        guard started.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        let code: WebSocketErrorCode
        let text: String
        switch reason {
        case .idle(let limit):
            (code, text) = (LiveConnection.CloseCode.idle, "idle: no subscription for \(limit)")
        case .tokenExpired:
            (code, text) = (LiveConnection.CloseCode.tokenExpired, "the access token expired")
        case .tooSlow(let limit):
            logger.notice("closing a client that fell behind")
            (code, text) = (LiveConnection.CloseCode.tooSlow, "client too slow: it stayed behind for more than \(limit)")
        }
        let socket = self.socket
        if loop.inEventLoop {
            socket.value.close(code: code, reason: text)
        } else {
            loop.execute { socket.value.close(code: code, reason: text) }
        }
    }
}
