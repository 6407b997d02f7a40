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
                var offset = 0
                while let at = scan.after(#""seq":"#, from: offset), let seq = scan.integer(at: at) {
                    offset = seq.end
                    if viewer.lastSeq >= 0 {
                        if seq.value <= viewer.lastSeq { viewer.duplicates += 1; continue }
                        if seq.value != viewer.lastSeq + 1 { viewer.outOfOrder += 1 }
                    }
                    viewer.lastSeq = seq.value
                    if let textAt = scan.after(#""text":""#, from: offset), let number = scan.integer(at: textAt) {
                        if number.value != viewer.lastText + 1 { viewer.outOfOrder += 1 }
                        viewer.lastText = number.value
                        offset = number.end
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
