import CapstanWire
import DockerEngine
import LiveHub
import Testing

@Suite("EventReducer")
struct EventReducerTests {
    private func event(_ action: String, _ attributes: [String: String] = [:]) -> DockerEvent {
        DockerEvent(type: "container", action: action, actor: .init(id: "abc", attributes: attributes), time: 10, timeNano: 10_000_000_000)
    }

    @Test func createBuildsARowFromTheEventAttributes() throws {
        let effect = EventReducer.reduce(
            event("create", ["name": "web", "image": "nginx", "com.docker.compose.project": "shop", "tier": "front"]),
            current: nil, engine: "local"
        )
        guard case .upsert(let view) = effect else { Issue.record("expected upsert, got \(effect)"); return }
        #expect(view.name == "web" && view.image == "nginx" && view.state == "created")
        #expect(view.composeProject == "shop")
        #expect(view.labels == ["com.docker.compose.project": "shop", "tier": "front"])
    }

    @Test func aStatusTextWrittenFromAnEventIsAsOfTheEvent() {
        let running = ContainerTableTests.view("abc", state: "running", status: "Up 2 hours")
        guard case .upsert(let died) = EventReducer.reduce(event("die", ["exitCode": "0"]), current: running, engine: "local") else {
            Issue.record("die did not update the row")
            return
        }
        #expect(died.status.hasPrefix("Exited (0)") && died.statusAt == 10_000)
        guard case .upsert(let created) = EventReducer.reduce(event("create"), current: nil, engine: "local") else {
            Issue.record("create did not make a row")
            return
        }
        #expect(created.statusAt == 10_000)
    }

    @Test func lifecycleActionsChangeTheStateAtOnce() {
        let running = ContainerTableTests.view("abc", state: "running")
        func state(_ action: String, _ attributes: [String: String] = [:], from: ContainerView = running) -> String? {
            if case .upsert(let view) = EventReducer.reduce(event(action, attributes), current: from, engine: "local") { return view.state }
            return nil
        }
        #expect(state("die", ["exitCode": "3"]) == "exited")
        #expect(state("pause") == "paused")
        #expect(state("start", from: ContainerTableTests.view("abc", state: "exited")) == "running")
        if case .upsert(let view) = EventReducer.reduce(event("die", ["exitCode": "3"]), current: running, engine: "local") {
            #expect(view.status.hasPrefix("Exited (3)"))
        }
        if case .upsert(let view) = EventReducer.reduce(event("health_status: unhealthy"), current: running, engine: "local") {
            #expect(view.health == "unhealthy")
        } else {
            Issue.record("health_status should update the row")
        }
        if case .upsert(let view) = EventReducer.reduce(event("rename", ["name": "/new", "oldName": "/old"]), current: running, engine: "local") {
            #expect(view.name == "new")
        }
    }

    @Test func noiseIsIgnoredAndUnknownsAreRefreshed() {
        let running = ContainerTableTests.view("abc")
        #expect(EventReducer.reduce(event("exec_start: sh -c test -e /ok"), current: running, engine: "local") == .none)
        #expect(EventReducer.reduce(event("destroy"), current: running, engine: "local") == .remove("abc"))
        #expect(EventReducer.reduce(event("start"), current: nil, engine: "local") == .refresh("abc"))
        #expect(EventReducer.reduce(event("oom"), current: running, engine: "local") == .refresh("abc"))
        let image = DockerEvent(type: "image", action: "pull", actor: .init(id: "x"), time: 1, timeNano: 1)
        #expect(EventReducer.reduce(image, current: nil, engine: "local") == .none)
    }
}
