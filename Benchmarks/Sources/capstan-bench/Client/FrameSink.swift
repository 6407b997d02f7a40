import NIOCore

/// Receives the text frames of one client connection, stamped on arrival.
///
/// Called on the connection's event loop; implementations keep per-connection state there and
/// publish results through their own locks.
protocol FrameSink: AnyObject {
    /// The first messages to send once the WebSocket is open (subscriptions).
    func openingMessages(connection: Int) -> [String]
    /// A complete text message arrived at `nanos` (wall clock, taken before any parsing).
    func received(_ text: ByteBuffer, at nanos: Int64, connection: Int)
    /// The connection closed (`code` when the server sent a close frame).
    func closed(connection: Int, code: UInt16?)
}
