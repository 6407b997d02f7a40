import DockerEngine
import Testing

@Suite("EventCursor")
struct EventCursorTests {
    private func event(_ nano: Int64, _ action: String, _ id: String = "c1") -> DockerEvent {
        DockerEvent(type: "container", action: action, actor: .init(id: id), time: nano / 1_000_000_000, timeNano: nano)
    }

    @Test func dropsWhatWasDeliveredAndKeepsEventsSharingANanosecond() {
        var cursor = EventCursor()
        var admitted: Bool
        #expect(cursor.since == nil)
        admitted = cursor.admit(event(100, "create"))
        #expect(admitted)
        admitted = cursor.admit(event(200, "start"))
        #expect(admitted)
        admitted = cursor.admit(event(200, "exec_start: x"))
        #expect(admitted)
        #expect(cursor.since == DockerTimestamp(nanosecondsSinceEpoch: 200))
        // A resumed stream replays from 200 inclusive.
        admitted = cursor.admit(event(100, "create"))
        #expect(!admitted)
        admitted = cursor.admit(event(200, "start"))
        #expect(!admitted)
        admitted = cursor.admit(event(200, "exec_start: x"))
        #expect(!admitted)
        admitted = cursor.admit(event(200, "start", "c2"))
        #expect(admitted)
        admitted = cursor.admit(event(300, "die"))
        #expect(admitted)
        admitted = cursor.admit(event(200, "kill"))
        #expect(!admitted)
        #expect(cursor.since?.queryValue == "0.000000300")
    }

    @Test func baseActionAndExecNoise() {
        #expect(event(1, "health_status: healthy").baseAction == "health_status")
        #expect(event(1, "exec_start: /bin/sh -c test -e /ok").isExecEvent)
        #expect(!event(1, "die").isExecEvent)
    }
}
