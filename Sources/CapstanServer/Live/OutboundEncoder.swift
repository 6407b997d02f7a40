import CapstanWire
import Foundation
import LiveHub
import NIOCore

/// Turns what the hub queued for a client into WebSocket text frames.
///
/// Consecutive log batches of one subscription become one `new_logs` frame (the batching window is
/// whatever accumulated while the writer was busy), and a batch every viewer shares is encoded once:
/// its lines' JSON is cached on the batch and spliced into each viewer's frame.
struct OutboundEncoder {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return encoder
    }()

    /// One frame per message, log batches merged.
    func frames(_ outputs: [HubOutput], resnapshot: (String, String) -> ServerMessage?, lastSeq: inout [String: UInt64]) -> [ByteBuffer] {
        var frames: [ByteBuffer] = []
        var pendingSub: String?
        var pendingParts: [[UInt8]] = []

        func flushLogs() {
            guard let sub = pendingSub else { return }
            frames.append(logFrame(sub: sub, parts: pendingParts))
            pendingSub = nil
            pendingParts.removeAll()
        }

        for output in outputs {
            if case .logs(let sub, let shared) = output {
                if pendingSub != sub { flushLogs() }
                pendingSub = sub
                pendingParts.append(shared.encoded { lines in (try? encoder.encode(lines)).map { Array($0) } ?? Array("[]".utf8) })
                continue
            }
            flushLogs()
            switch output {
            case .message(let message):
                if case .initialState(let state) = message { lastSeq[state.sub + "\u{0}" + state.engine] = state.seq }
                frames.append(encode(message))
            case .change(let sub, let change):
                let key = sub + "\u{0}" + change.engine
                // A resync snapshot already covered this change.
                if let seen = lastSeq[key], change.seq <= seen { continue }
                lastSeq[key] = change.seq
                frames.append(encode(.statusChange(change)))
            case .resync(let sub, let engine):
                if let message = resnapshot(sub, engine) {
                    if case .initialState(let state) = message { lastSeq[sub + "\u{0}" + engine] = state.seq }
                    frames.append(encode(message))
                }
            case .stats(let update):
                frames.append(encode(.stats(update)))
            case .event(let update):
                frames.append(encode(.event(update)))
            case .logs:
                break
            }
        }
        flushLogs()
        return frames
    }

    /// Encodes one message.
    func encode(_ message: ServerMessage) -> ByteBuffer {
        // Encoding our own value types cannot fail; a failure would be a programming error.
        if let data = try? encoder.encode(message) { return ByteBuffer(bytes: data) }
        return ByteBuffer(string: #"{"type":"error","code":"internal_error","message":"encoding failed"}"#)
    }

    /// `{"type":"new_logs","sub":…,"lines":[…]}` from already-encoded line arrays.
    private func logFrame(sub: String, parts: [[UInt8]]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeString(#"{"type":"new_logs","sub":"#)
        if let data = try? encoder.encode(sub) { buffer.writeBytes(data) } else { buffer.writeString("\"\"") }
        buffer.writeString(#","lines":["#)
        var first = true
        for part in parts where part.count > 2 {
            if !first { buffer.writeString(",") }
            first = false
            // Each part is a JSON array: splice its inside.
            buffer.writeBytes(part[1..<(part.count - 1)])
        }
        buffer.writeString("]}")
        return buffer
    }
}
