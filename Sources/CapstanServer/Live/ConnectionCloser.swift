import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

/// Ends a live connection from outside its reader — idle, token expired, too slow — once, in a
/// short-lived task of its own.
///
/// Connections have no task of their own watching for these (at 10,000 clients every task is
/// memory): the sweeper and the writer call `close`, and only a connection being closed gets a task.
/// The close frame goes out through the WebSocket layer, so its handshake and state stay right;
/// every wait is bounded, since a client that reads nothing takes neither the frame nor the answer.
final class ConnectionCloser: Sendable {
    /// Why a connection is closed.
    enum Reason: Sendable {
        case idle(Duration)
        case tokenExpired
        case tooSlow(Duration)
    }

    private let started = Atomic<Bool>(false)
    private let outbound: WebSocketOutboundWriter
    private let channel: any Channel
    private let logger: Logger
    /// How long a client may take to answer the close frame before the connection is dropped.
    let handshakeLimit: Duration

    init(outbound: WebSocketOutboundWriter, channel: any Channel, logger: Logger, handshakeLimit: Duration = .seconds(5)) {
        self.outbound = outbound
        self.channel = channel
        self.logger = logger
        self.handshakeLimit = handshakeLimit
    }

    /// Whether a close was started.
    var isClosing: Bool { started.load(ordering: .acquiring) }

    /// Starts closing with `reason`; a second call does nothing.
    func close(_ reason: Reason) {
        guard started.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else { return }
        // Unstructured on purpose: the callers are the sweeper (under its lock) and the event loop.
        Task { await run(reason) }
    }

    private func run(_ reason: Reason) async {
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
        let channel = self.channel
        let outbound = self.outbound
        // The frame waits behind whatever the client has not read yet: bounded, then the connection is dropped.
        let sent = await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await outbound.close(code, reason: text)) != nil }
            group.addTask {
                try? await Task.sleep(for: .seconds(1))
                return false
            }
            let first = await group.next() ?? false
            // Closing fails a write still waiting, so the group can end.
            if !first { channel.close(promise: nil) }
            group.cancelAll()
            return first
        }
        guard sent else { return }
        // The client answers the close; its answer ends the reader, and the connection. One that does not
        // answer is dropped after the limit.
        await withTaskGroup(of: Void.self) { group in
            group.addTask { try? await channel.closeFuture.get() }
            group.addTask { [handshakeLimit] in try? await Task.sleep(for: handshakeLimit) }
            await group.next()
            channel.close(promise: nil)
            group.cancelAll()
        }
    }
}
