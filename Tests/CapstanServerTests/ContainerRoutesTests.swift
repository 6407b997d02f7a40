import CapstanWire
import HummingbirdTesting
import Testing

/// Containers through the API: create, list, inspect, every lifecycle action, remove, wait, prune.
@Suite struct ContainerRoutesTests {
    @Test func createdContainerIsListedWithItsComposeLabelsAndInspectable() async throws {
        try await withCapstan { test in
            let project = "proj-\(test.scope.run.prefix(8))"
            let container = try await test.createContainer(
                "compose", labels: ["com.docker.compose.project": project, "com.docker.compose.service": "web"]
            )

            let listed = try await test.listOwnContainers()
            #expect(listed.map(\.id) == [container.id])
            let view = try #require(listed.first)
            #expect(view.name == container.name)
            #expect(view.state == "created")
            #expect(view.engine == engineName)
            #expect(view.image == test.scope.image)
            #expect(view.composeProject == project)
            #expect(view.composeService == "web")
            #expect(view.labels["capstan.test.run"] == test.scope.run)

            let inspected = try await test.inspect(container.name)
            expectStatus(inspected, .ok)
            let document = try inspected.json()
            #expect(document["Id"].string == container.id)
            #expect(document["Name"].string == "/\(container.name)")
            #expect(document["State"]["Status"].string == "created")
        }
    }

    @Test func startStopPauseRestartReportWhetherAnythingChanged() async throws {
        try await withCapstan { test in
            let container = try await test.createContainer("lifecycle")
            try await Self.expectAction(test, container, "start", changed: true)
            try await Self.expectAction(test, container, "start", changed: false)  // the engine's 304
            #expect(try await test.inspect(container.id).json()["State"]["Running"] == .bool(true))

            try await Self.expectAction(test, container, "pause", changed: true)
            #expect(try await test.listOwnContainers().first?.state == "paused")
            expectError(try await test.action(container.id, "pause"), .conflict, code: "conflict")
            try await Self.expectAction(test, container, "unpause", changed: true)
            // The engine answers this one with a 500; the API makes it the conflict it is.
            expectError(try await test.action(container.id, "unpause"), .conflict, code: "conflict")

            try await Self.expectAction(test, container, "stop", query: ["t": "1"], changed: true)
            let stopped = try await test.inspect(container.id).json()["State"]
            #expect(stopped["Running"] == .bool(false))
            #expect(stopped["Status"].string == "exited")
            try await Self.expectAction(test, container, "stop", query: ["t": "1"], changed: false)
            expectError(try await test.action(container.id, "kill"), .conflict, code: "conflict")

            try await Self.expectAction(test, container, "restart", query: ["t": "1"], changed: true)
            #expect(try await test.listOwnContainers().first?.state == "running")
            try await Self.expectAction(test, container, "kill", query: ["signal": "SIGKILL"], changed: true)
            // kill returns once the signal is sent; the exit follows on the engine's time.
            let killed = try await eventually("the killed container to exit") {
                let state = try await test.inspect(container.id).json()["State"]
                return state["Running"] == .bool(false) ? state : nil
            }
            #expect(killed["ExitCode"].number == 137)
        }
    }

    @Test func renameMovesTheNameAndRefusesATakenOne() async throws {
        try await withCapstan { test in
            let first = try await test.createContainer("rename-a")
            let second = try await test.createContainer("rename-b")
            let newName = test.scope.containerName("renamed")

            try await Self.expectAction(test, first, "rename", query: ["name": newName], changed: true)
            #expect(try await test.inspect(newName).json()["Id"].string == first.id)
            expectError(try await test.inspect(first.name), .notFound, code: "not_found")

            let taken = try await test.action(newName, "rename", query: ["name": second.name])
            expectError(taken, .conflict, code: "conflict")
            #expect(try await test.inspect(second.name).json()["Id"].string == second.id)
        }
    }

    @Test func removeRefusesARunningContainerUnlessForced() async throws {
        try await withCapstan { test in
            let container = try await test.runContainer("remove")
            let refused = try await test.client.send(.delete, api("containers/\(container.id)"))
            expectError(refused, .conflict, code: "conflict")
            #expect(try await test.inspect(container.id).json()["State"]["Running"] == .bool(true))

            let removed = try await test.client.send(.delete, api("containers/\(container.id)"), query: ["force": "1"])
            expectStatus(removed, .noContent)
            #expect(removed.body.readableBytes == 0)
            expectError(try await test.inspect(container.id), .notFound, code: "not_found")
        }
    }

    @Test func waitReturnsTheExitCode() async throws {
        try await withCapstan { test in
            let container = try await test.runContainer("wait", cmd: ["sh", "-c", "exit 3"])
            let response = try await test.action(container.id, "wait")
            expectStatus(response, .ok)
            let result = try response.decode(WaitResultView.self)
            #expect(result.statusCode == 3)
            #expect(result.error == nil)
            expectError(try await test.action(container.id, "wait", query: ["condition": "whenever"]), .badRequest,
                code: "bad_request", field: "condition")
        }
    }

    @Test func pruneRemovesStoppedContainersOnly() async throws {
        try await withCapstan(on: .dedicated) { test in
            let stopped = try await test.runContainer("prune-stopped", cmd: ["sh", "-c", "exit 0"])
            expectStatus(try await test.action(stopped.id, "wait"), .ok)
            let running = try await test.runContainer("prune-running")

            let response = try await test.client.send(.post, api("containers/prune"))
            expectStatus(response, .ok)
            let report = try response.json()
            #expect(report["kind"].string == "containers")
            #expect(report["engine"].string == engineName)
            #expect(report["spaceReclaimed"].number != nil)
            // The engine is the test's own: the stopped container is all there is to prune.
            #expect(report["deleted"] == .array([.string(stopped.id)]), "\(response.text)")
            expectError(try await test.inspect(stopped.id), .notFound, code: "not_found")
            expectStatus(try await test.inspect(running.id), .ok)
        }
    }

    /// Runs a lifecycle action and expects 200 with `{engine, container, action, changed}`.
    static func expectAction(
        _ test: TestContext, _ container: TestContainer, _ verb: String, query: KeyValuePairs<String, String> = [:],
        changed: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let response = try await test.action(container.id, verb, query: query)
        expectStatus(response, .ok, sourceLocation: sourceLocation)
        let result = try response.json()
        #expect(result["action"].string == verb, sourceLocation: sourceLocation)
        #expect(result["container"].string == container.id, sourceLocation: sourceLocation)
        #expect(result["engine"].string == engineName, sourceLocation: sourceLocation)
        #expect(result["changed"] == .bool(changed), "\(verb): \(response.text)", sourceLocation: sourceLocation)
    }
}
