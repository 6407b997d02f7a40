import NIOCore

/// The one message the floor server fans out: shaped and sized like the `status_change` Capstan
/// sends when a container starts, with the server's send stamp and the fan-out's index in it.
///
/// Same fields and about the same length as a real one (629 bytes here with a 3-digit `seq`; a
/// real one was 616: the state scenario logs its first to `loadgen.log` for comparison), so that
/// the kernel copies as many bytes per socket as it does for Capstan. `seq` is the fan-out's index
/// and `sentNanos` the `CLOCK_REALTIME` stamp taken when the fan-out began; the clients find both
/// with `JSONScan`.
enum FanoutMessage {
    /// A 64-character hex id, like a container's.
    private static let id = "5f0c8a2e91b7d4c36a1e0f9b82d57c4e3a6b9d1f0e2c7a48b5d3f1e69c0a7b2d"
    /// A 64-character hex image digest, like busybox's.
    private static let imageID = "sha256:aa17d1070f5fdf9d4d2b1c6e86cf4cd12b5f1a0f8f4d9c2a1e7b3c5d6e8f9a0b"

    /// The message's text for fan-out `seq`, stamped `sentNanos`.
    static func text(seq: Int, sentNanos: Int64) -> String {
        #"{"type":"status_change","sentNanos":\#(sentNanos),"sub":"c","engine":"local","seq":\#(seq),"change":"updated","#
            + #""containerID":"\#(id)","fields":["state","status"],"container":{"engine":"local","id":"\#(id)","#
            + #""name":"floor","image":"capstan-test/busybox:latest","imageID":"\#(imageID)","#
            + #""command":"sleep 100000","created":1795323171,"state":"running","status":"Up Less than a second","#
            + #""statusAt":\#(sentNanos / 1_000_000),"ports":[],"labels":{"capstan-bench":"state"}}}"#
    }

    /// The whole WebSocket frame (unmasked text, FIN, header included) for `text`, built once so
    /// every socket gets the very same bytes in one buffer: one `write` per socket, nothing else.
    static func frame(_ text: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        let payload = text.utf8.count
        var buffer = allocator.buffer(capacity: payload + 10)
        buffer.writeInteger(UInt8(0x81))  // FIN + text
        if payload < 126 {
            buffer.writeInteger(UInt8(payload))
        } else if payload <= Int(UInt16.max) {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(payload))
        } else {
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(payload))
        }
        buffer.writeString(text)
        return buffer
    }
}
