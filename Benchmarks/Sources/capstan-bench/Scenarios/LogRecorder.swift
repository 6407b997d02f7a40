import NIOCore
import Synchronization

/// The log viewers' sink: checks that every viewer gets every line of the burst, in order, once.
///
/// Per viewer it follows the server's per-line `seq` (must go up by one) and the line's text (the
/// burst writes the numbers 1…N, so the text must go up by one too), and stamps the arrival of the
/// last line.
final class LogRecorder: FrameSink, @unchecked Sendable {
    struct Viewer {
        var lines = 0
        var lastSeq: Int64 = -1
        var lastText: Int64 = 0
        var outOfOrder = 0
        var duplicates = 0
        var gaps = 0
        var frames = 0
        var doneAt: Int64 = 0
        var firstAt: Int64 = 0
        /// The first few anomalies, to say what went wrong (bounded).
        var anomalies: [String] = []

        mutating func note(_ text: String) {
            if anomalies.count < 5 { anomalies.append(text) }
        }
    }

    private let total: Int
    private let containerID: String
    private let viewers: Mutex<[Viewer]>
    private let done = Atomic<Int>(0)
    private let subscribed = Atomic<Int>(0)

    init(viewers: Int, total: Int, containerID: String) {
        self.total = total
        self.containerID = containerID
        self.viewers = Mutex([Viewer](repeating: Viewer(), count: viewers))
    }

    /// Viewers whose subscription was answered `ok`.
    var subscriptions: Int { subscribed.load(ordering: .relaxed) }
    /// Viewers that have all lines.
    var completed: Int { done.load(ordering: .relaxed) }
    /// Every viewer's figures.
    var snapshot: [Viewer] { viewers.withLock { $0 } }

    func openingMessages(connection: Int) -> [String] {
        [#"{"type":"subscribe_logs","id":"l","engine":"local","tail":0,"containers":[""# + containerID + #""]}"#]
    }

    func received(_ text: ByteBuffer, at nanos: Int64, connection: Int) {
        text.withUnsafeReadableBytes { bytes in
            let scan = JSONScan(bytes: bytes)
            if scan.contains(#""type":"ok""#) {
                subscribed.add(1, ordering: .relaxed)
                return
            }
            guard scan.contains(#""type":"new_logs""#) || scan.contains(#""type":"log_snapshot""#) else {
                if scan.contains(#""type":"log_gap""#) { viewers.withLock { $0[connection].gaps += 1 } }
                return
            }
            var finished = false
            viewers.withLock { all in
                var viewer = all[connection]
                viewer.frames += 1
                if viewer.firstAt == 0 { viewer.firstAt = nanos }
                // One line object at a time: `{"` only occurs unescaped where an object starts (inside a
                // string the quote would be escaped), and the encoder's key order is not the declared one,
                // so a line's `seq` and `text` are looked for between its `{"` and the next.
                // Offsets of the `{` (not after the `{"`: the first key's quote is part of the match).
                var objectStart = scan.after(#""lines":["#).flatMap { scan.after(#"{""#, from: $0) }.map { $0 - 1 }
                while let start = objectStart {
                    let next = scan.after(#"{""#, from: start + 1).map { $0 - 2 }
                    let end = next ?? bytes.count
                    guard let at = scan.after(#""seq":"#, from: start), at < end, let seq = scan.integer(at: at) else {
                        objectStart = next
                        continue
                    }
                    objectStart = next
                    if viewer.lastSeq >= 0 {
                        if seq.value <= viewer.lastSeq {
                            viewer.duplicates += 1
                            viewer.note("duplicate seq \(seq.value) after \(viewer.lastSeq) (frame \(viewer.frames))")
                            continue
                        }
                        if seq.value != viewer.lastSeq + 1 {
                            viewer.outOfOrder += 1
                            viewer.note("seq \(seq.value) after \(viewer.lastSeq) (frame \(viewer.frames))")
                        }
                    }
                    viewer.lastSeq = seq.value
                    if let textAt = scan.after(#""text":""#, from: start), textAt < end, let number = scan.integer(at: textAt) {
                        if number.value != viewer.lastText + 1 {
                            viewer.outOfOrder += 1
                            viewer.note("text \(number.value) after \(viewer.lastText) (seq \(seq.value), frame \(viewer.frames))")
                        }
                        viewer.lastText = number.value
                    } else {
                        viewer.note("a line without a numeric text (seq \(seq.value), frame \(viewer.frames))")
                    }
                    viewer.lines += 1
                }
                if viewer.doneAt == 0, viewer.lines >= total {
                    viewer.doneAt = nanos
                    finished = true
                }
                all[connection] = viewer
            }
            if finished { done.add(1, ordering: .relaxed) }
        }
    }

    func closed(connection: Int, code: UInt16?) {}
}
