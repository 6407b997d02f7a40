import CapstanWire
import DockerEngine
import Foundation
import LiveHub
import Testing

@Suite("ContainerTable")
struct ContainerTableTests {
    static func view(_ id: String, state: String = "running", status: String = "Up 1 second", name: String? = nil) -> ContainerView {
        ContainerView(
            engine: "local", id: id, name: name ?? "c-\(id)", image: "img", imageID: nil, command: nil, created: 1, state: state,
            status: status, health: nil, ports: [], labels: [:], composeProject: nil, composeService: nil
        )
    }

    @Test func changesAreNumberedAndOnlyVisibleDifferencesCount() {
        var table = ContainerTable(capacity: 10)
        let added = table.upsert(Self.view("a"))
        #expect(added?.kind == "added" && added?.seq == 1)
        #expect(table.upsert(Self.view("a")) == nil)
        let updated = table.upsert(Self.view("a", state: "exited", status: "Exited (0)"))
        #expect(updated?.kind == "updated")
        #expect(updated?.fields == ["state", "status"])
        #expect(table.remove("a")?.seq == 3)
        #expect(table.remove("a") == nil)
        #expect(table.seq == 3)
    }

    /// A client ages "Up 5 minutes" from when it was read: the same text read again later is no newer.
    @Test func theStatusTimeMovesOnlyWithTheStatusText() {
        var table = ContainerTable(capacity: 10)
        var first = Self.view("a", status: "Up 5 minutes")
        first.statusAt = 1_000
        _ = table.upsert(first)
        var again = Self.view("a", status: "Up 5 minutes")
        again.statusAt = 61_000
        #expect(table.upsert(again) == nil, "not a change of its own")
        #expect(table.containers["a"]?.statusAt == 1_000)
        var later = Self.view("a", status: "Up 6 minutes")
        later.statusAt = 121_000
        #expect(table.upsert(later)?.fields == ["status"])
        #expect(table.containers["a"]?.statusAt == 121_000)
    }

    @Test func replacingTheListEmitsTheDiff() {
        var table = ContainerTable()
        _ = table.replaceAll(with: [Self.view("a"), Self.view("b")])
        let changes = table.replaceAll(with: [Self.view("b", name: "renamed"), Self.view("c")])
        #expect(changes.map(\.kind) == ["removed", "updated", "added"])
        #expect(changes.map(\.id) == ["a", "b", "c"])
        #expect(changes[1].fields == ["name"])
        #expect(Set(table.snapshot.map(\.id)) == ["b", "c"])
    }

    @Test func resumeGivesExactlyTheMissedChangesOrNil() {
        var table = ContainerTable(capacity: 3)
        for index in 0..<5 { _ = table.upsert(Self.view("c\(index)")) }
        #expect(table.changes(after: 5) == [])
        #expect(table.changes(after: 3)?.map(\.seq) == [4, 5])
        #expect(table.changes(after: 2)?.map(\.seq) == [3, 4, 5])
        #expect(table.changes(after: 1) == nil)  // change 2 was evicted
        #expect(table.changes(after: 9) == nil)  // a seq from another life of the server
    }

    @Test func inspectFiguresAreFieldsOfTheirOwnAndSurviveAListRowWithoutThem() throws {
        let json = #"""
            {"Id":"a","Name":"/c-a","RestartCount":2,"State":{"Status":"running","Running":true,"Paused":false,"Restarting":false,
             "StartedAt":"2026-11-22T07:00:00.123456789Z"},"Config":{}}
            """#
        let inspect = try JSONDecoder().decode(ContainerInspect.self, from: Data(json.utf8))
        var table = ContainerTable(capacity: 10, startingAfter: 41)
        #expect(table.upsert(Self.view("a"))?.seq == 42, "numbering starts after the given number")
        let restarted = table.upsert(Self.view("a").with(inspect))
        #expect(restarted?.fields == ["restartCount", "startedAt"])
        #expect(restarted?.container?.restartCount == 2 && restarted?.container?.startedAt == "2026-11-22T07:00:00.123456789Z")
        // A list row (no inspect figures) keeps the known ones: no change.
        #expect(table.upsert(Self.view("a").keepingInspected(from: table.containers["a"])) == nil)

        let never = try JSONDecoder().decode(
            ContainerInspect.self,
            from: Data(json.replacingOccurrences(of: "2026-11-22T07:00:00.123456789Z", with: "0001-01-01T00:00:00Z").utf8)
        )
        #expect(Self.view("b").with(never).startedAt == nil, "the engine's zero time means never started")
    }
}
