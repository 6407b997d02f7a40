import NIOCore

/// Whole WebSocket text frames as a server sends them (FIN set, unmasked), header and payload in one
/// buffer.
///
/// A shared frame (a container change, a lone log batch) is framed once and the same bytes go to every
/// connection, written below NIO's frame encoder: the encoder would build a separate header buffer for
/// each connection and hand the kernel two pieces per write.
enum TextFrame {
    /// The header's length for a payload of `count` bytes (RFC 6455 §5.2).
    static func headerLength(payload count: Int) -> Int {
        count < 126 ? 2 : (count <= 0xFFFF ? 4 : 10)
    }

    /// Writes the header of a final, unmasked text frame of `count` payload bytes.
    static func writeHeader(payload count: Int, into buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0x81))
        if count < 126 {
            buffer.writeInteger(UInt8(count))
        } else if count <= 0xFFFF {
            buffer.writeInteger(UInt8(126))
            buffer.writeInteger(UInt16(count))
        } else {
            buffer.writeInteger(UInt8(127))
            buffer.writeInteger(UInt64(count))
        }
    }

    /// A whole frame carrying `payload`.
    static func frame(_ payload: some Collection<UInt8>) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(headerLength(payload: payload.count) + payload.count)
        writeHeader(payload: payload.count, into: &buffer)
        buffer.writeBytes(payload)
        return buffer
    }
}
