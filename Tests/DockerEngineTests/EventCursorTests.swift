import DockerEngine
import Testing

@Suite("EventCursor")
struct EventCursorTests {
    private func event(_ nano: Int64, _ action: String, _ id: String = "c1") -> DockerEvent {
        DockerEvent(type: "container", action: action, actor: .init(id: id), time: nano / 1_000_000_000, timeNano: nano)
    }

    private let second: Int64 = 1_000_000_000

    @Test func dropsWhatWasDeliveredAndKeepsEventsSharingANanosecond() {
        var cursor = EventCursor()
        func admit(_ event: DockerEvent) -> Bool { cursor.admit(event) }
        #expect(cursor.since == nil)
        #expect(admit(event(100 * second, "create")))
        #expect(admit(event(200 * second, "start")))
        #expect(admit(event(200 * second, "exec_start: x")))
        // A resumed stream replays from the start of the window: what was delivered is dropped.
        #expect(cursor.since == DockerTimestamp(nanosecondsSinceEpoch: 200 * second - EventCursor.window))
        #expect(!admit(event(200 * second, "start")))
        #expect(!admit(event(200 * second, "exec_start: x")))
        #expect(admit(event(200 * second, "start", "c2")))
        #expect(admit(event(300 * second, "die")))
        #expect(cursor.since?.queryValue == "\(300 - 5).000000000")
    }

    /// The engine stamps events before it publishes them, from several goroutines: under load one arrives
    /// after another stamped later. It must still be delivered (seen: a lost `pause`).
    @Test func anEventArrivingAfterALaterOneIsStillDelivered() {
        var cursor = EventCursor()
        func admit(_ event: DockerEvent) -> Bool { cursor.admit(event) }
        #expect(admit(event(10 * second + 500, "start", "b")))
        #expect(admit(event(10 * second + 100, "pause", "a")))
        #expect(!admit(event(10 * second + 100, "pause", "a")))
        #expect(cursor.lastNano == 10 * second + 500)
        // Far older than the newest event: a replay from before the window, already covered.
        #expect(!admit(event(10 * second + 500 - EventCursor.window - 1, "die", "c")))
    }

    @Test func keysOutsideTheWindowAreForgotten() {
        var cursor = EventCursor()
        func admit(_ event: DockerEvent) -> Bool { cursor.admit(event) }
        for index in 0..<5000 { #expect(admit(event(Int64(index) * second / 100, "exec_die", "c\(index)"))) }
        // 50 s of events: only the last 5 s are remembered, older replays are refused by time.
        #expect(!admit(event(4999 * second / 100, "exec_die", "c4999")))
        #expect(!admit(event(0, "exec_die", "c0")))
        #expect(admit(event(4999 * second / 100, "exec_die", "new")))
    }

    @Test func baseActionAndExecNoise() {
        #expect(event(1, "health_status: healthy").baseAction == "health_status")
        #expect(event(1, "exec_start: /bin/sh -c test -e /ok").isExecEvent)
        #expect(!event(1, "die").isExecEvent)
    }
}
