import DockerEngine
import Foundation
import Testing

@Suite("Engine events against the real engine")
struct EventsTests {
    /// Reads container events (without healthcheck exec noise) until `last` arrives.
    private static func collect(_ events: DockerEventSequence, until last: String, cursor: EventCursor? = nil)
        async throws -> [DockerEvent]
    {
        try await withTimeout(.seconds(60), "reading events") {
            var cursor = cursor ?? EventCursor()
            var seen: [DockerEvent] = []
            for try await event in events where event.type == "container" && !event.isExecEvent {
                guard cursor.admit(event) else { continue }
                seen.append(event)
                if event.action == last { break }
            }
            return seen
        }
    }

    @Test func runStopRestartAndForcedRemoveProduceTheKnownSequence() async throws {
        try await TestEngine.withClient { client in
            let marker = TestEngine.uniqueName("ev")
            // Subscribed once this returns: the engine flushes headers before any event.
            let events = try await client.events(filters: ["label": ["capstan.events=\(marker)"]])
            async let collected = Self.collect(events, until: "destroy")
            var request = ContainerCreateRequest(image: TestEngine.image, cmd: trappingSleeper)
            request.labels = ["capstan.test": "1", "capstan.events": marker]
            let id = try await client.createContainer(request, name: marker).id
            do {
                try await client.startContainer(id)
                try await client.stopContainer(id, timeout: 5)
                try await client.restartContainer(id, timeout: 5)  // stopped: just starts
                try await client.restartContainer(id, timeout: 5)  // running: stops, then starts
                try await client.removeContainer(id, force: true)
            } catch {
                try? await client.removeContainer(id, force: true)
                throw error
            }
            let seen = try await collected
            #expect(seen.map(\.action) == [
                "create", "start",
                "kill", "die", "stop",
                "start", "restart",
                "kill", "die", "stop", "start", "restart",
                "kill", "die", "destroy",
            ])
            #expect(seen.allSatisfy { $0.actor.id == id && $0.actor.attributes?["name"] == marker })
            let kills = seen.filter { $0.action == "kill" }.compactMap { $0.actor.attributes?["signal"] }
            #expect(kills == ["15", "15", "9"])
            let exits = seen.filter { $0.action == "die" }.compactMap { $0.actor.attributes?["exitCode"] }
            #expect(exits == ["0", "0", "137"])
            #expect(seen.map(\.timeNano) == seen.map(\.timeNano).sorted())
        }
    }

    @Test func resumingFromTheCursorNeitherMissesNorRepeats() async throws {
        try await TestEngine.withClient { client in
            let marker = TestEngine.uniqueName("resume")
            let filters: DockerFilters = ["label": ["capstan.events=\(marker)"]]
            var request = ContainerCreateRequest(image: TestEngine.image, cmd: trappingSleeper)
            request.labels = ["capstan.test": "1", "capstan.events": marker]

            let first = try await client.events(filters: filters)
            async let firstPart = Self.collect(first, until: "pause")
            let id = try await client.createContainer(request).id
            do {
                try await client.startContainer(id)
                try await Self.pause(id, client)
                var cursor = EventCursor()
                for event in try await firstPart { _ = cursor.admit(event) }
                // The first stream is gone; these happen while nobody listens.
                try await client.unpauseContainer(id)
                try await client.removeContainer(id, force: true)

                let since = try #require(cursor.since)
                let resumed = try await client.events(since: since, filters: filters)
                let rest = try await Self.collect(resumed, until: "destroy", cursor: cursor)
                #expect(rest.first?.action == "unpause", "the first event after the cursor: \(rest.map(\.action))")
                #expect(rest.last?.action == "destroy")
                #expect(["kill", "die"].allSatisfy { action in rest.contains { $0.action == action } })

                // Exactly the engine's own record of the span after the cursor, read again once it is closed. On a
                // loaded host a forced removal can add its own pause/unpause around the kill (the freezer race
                // that `pause` retries), so the record, not a fixed list, is what the stream had to deliver.
                let end = try #require(rest.last?.timestamp)
                let record = try await Self.collect(client.events(since: since, until: end, filters: filters), until: "destroy", cursor: cursor)
                let key = { (event: DockerEvent) in "\(event.timeNano) \(event.action)" }
                #expect(rest.map(key) == record.map(key), "missed or repeated: \(rest.map(\.action)) against \(record.map(\.action))")
            } catch {
                try? await client.removeContainer(id, force: true)
                throw error
            }
        }
    }

    @Test func aPastWindowIsReplayedAndTheStreamEndsByItself() async throws {
        try await TestEngine.withClient { client in
            let marker = TestEngine.uniqueName("window")
            let filters: DockerFilters = ["label": ["capstan.events=\(marker)"]]
            var request = ContainerCreateRequest(image: TestEngine.image, cmd: trappingSleeper)
            request.labels = ["capstan.test": "1", "capstan.events": marker]
            // Bracket the window with the engine's own clock (the event times), never the local one.
            let watcher = try await client.events(filters: filters)
            async let live = Self.collect(watcher, until: "destroy")
            let id = try await client.createContainer(request).id
            try await client.removeContainer(id, force: true)
            let seen = try await live
            let first = try #require(seen.first?.timestamp)
            let last = try #require(seen.last?.timestamp)

            let replay = try await withTimeout(.seconds(30), "replaying a closed window") {
                var actions: [String] = []
                // With until in the past the engine replays and closes the stream: no break needed.
                for try await event in try await client.events(since: first, until: last, filters: filters) {
                    actions.append(event.action)
                }
                return actions
            }
            #expect(replay == ["create", "destroy"])
            #expect(seen.map(\.action) == ["create", "destroy"])
        }
    }

    /// Pauses, trying again while runc answers "unable to freeze": a known engine flake right after a
    /// start on a loaded machine (the cgroup freezer races the container's first processes).
    static func pause(_ id: String, _ client: DockerClient) async throws {
        for attempt in 1...5 {
            do {
                try await client.pauseContainer(id)
                return
            } catch let error as DockerError where attempt < 5 && "\(error)".contains("unable to freeze") {
                continue
            }
        }
    }
}
