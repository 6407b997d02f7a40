import CapstanWire
import Foundation
import LiveHub
import NIOCore

/// Turns what the hub queued for a client into WebSocket text frames.
///
/// Consecutive log batches of one subscription become one `new_logs` frame (the batching window is
/// whatever accumulated while the writer was busy), and a batch every viewer shares is encoded once:
/// its lines' JSON is cached on the batch and spliced into each viewer's frame. A batch that goes out
/// alone, and every container change, is a whole frame cached per subscription id on the shared item,
/// so viewers with the same id are sent the very same bytes. Every buffer it returns is a whole
/// WebSocket text frame, header included (see ``TextFrame``).
struct OutboundEncoder {
    private let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return encoder
    }()

    /// One whole frame per message, log batches merged.
    func frames(_ outputs: [HubOutput], resnapshot: (String, String) -> ServerMessage?, lastSeq: inout [String: UInt64]) -> [ByteBuffer] {
        var frames: [ByteBuffer] = []
        var pendingSub: String?
        var pendingBatches: [SharedLines] = []

        func flushLogs() {
            guard let sub = pendingSub else { return }
            if pendingBatches.count == 1, let batch = pendingBatches.first {
                frames.append(batch.frame(sub: sub) { logFrame(sub: sub, batches: [batch]) })
            } else {
                frames.append(logFrame(sub: sub, batches: pendingBatches))
            }
            pendingSub = nil
            pendingBatches.removeAll()
        }

        for output in outputs {
            if case .logs(let sub, let shared) = output {
                if pendingSub != sub { flushLogs() }
                pendingSub = sub
                pendingBatches.append(shared)
                continue
            }
            flushLogs()
            switch output {
            case .message(let message):
                if case .initialState(let state) = message { lastSeq[state.sub + "\u{0}" + state.engine] = state.seq }
                frames.append(encode(message))
            case .change(let sub, let shared):
                let key = sub + "\u{0}" + shared.change.engine
                // A resync snapshot already covered this change.
                if let seen = lastSeq[key], shared.change.seq <= seen { continue }
                lastSeq[key] = shared.change.seq
                frames.append(shared.frame(sub: sub) { encode(.statusChange($0)) })
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

    /// Encodes one message as a whole frame.
    func encode(_ message: ServerMessage) -> ByteBuffer {
        // Encoding our own value types cannot fail; a failure would be a programming error.
        if let data = try? encoder.encode(message) { return TextFrame.frame(data) }
        return TextFrame.frame(Array(#"{"type":"error","code":"internal_error","message":"encoding failed"}"#.utf8))
    }

    /// `{"type":"new_logs","sub":…,"lines":[…]}` from batches whose lines' JSON is cached on them.
    private func logFrame(sub: String, batches: [SharedLines]) -> ByteBuffer {
        let parts = batches.map { batch in
            batch.encoded { lines in (try? encoder.encode(lines)).map { Array($0) } ?? Array("[]".utf8) }
        }
        let head = Array(#"{"type":"new_logs","sub":"#.utf8) + ((try? encoder.encode(sub)).map { Array($0) } ?? Array("\"\"".utf8))
            + Array(#","lines":["#.utf8)
        // Each part is a JSON array: its inside is spliced, with commas between the non-empty ones.
        let insides = parts.filter { $0.count > 2 }
        let length = head.count + insides.reduce(0) { $0 + $1.count - 2 } + max(0, insides.count - 1) + 2
        var buffer = ByteBuffer()
        buffer.reserveCapacity(TextFrame.headerLength(payload: length) + length)
        TextFrame.writeHeader(payload: length, into: &buffer)
        buffer.writeBytes(head)
        for (index, part) in insides.enumerated() {
            if index > 0 { buffer.writeString(",") }
            buffer.writeBytes(part[1..<(part.count - 1)])
        }
        buffer.writeString("]}")
        return buffer
    }
}
