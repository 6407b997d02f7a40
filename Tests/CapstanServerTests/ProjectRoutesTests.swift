import CapstanStore
import CapstanWire
import HTTPTypes
import HummingbirdTesting
import Testing

/// Compose projects: containers made through the API with the labels compose sets (there is no compose
/// binary here), listed with service and state counts, acted on project-wide, audited per container.
@Suite struct ProjectRoutesTests {
    @Test func projectIsListedWithServiceAndStateCounts() async throws {
        try await withCapstan { test in
            let project = Self.projectName(test)
            let web1 = try await Self.member(test, project, service: "web", number: 1, run: true)
            _ = try await Self.member(test, project, service: "web", number: 2, run: false)
            _ = try await Self.member(test, project, service: "db", number: 1, run: true)
            let oneOff = try await Self.member(test, project, service: "web", number: 3, run: false, oneOff: true)

            let response = try await test.client.send(.get, api("projects/\(project)"))
            expectStatus(response, .ok)
            let view = try response.decode(ProjectView.self)
            #expect(view.engine == engineName)
            #expect(view.name == project)
            #expect(view.status == "partial")
            #expect(view.workingDir == "/srv/\(project)")
            #expect(view.configFiles == ["/srv/\(project)/compose.yaml", "/srv/\(project)/compose.override.yaml"])
            #expect(view.containerCount == 4)
            #expect(view.running == 2)
            #expect(view.states == ["running": 2, "created": 2])
            #expect(view.services.map(\.name) == ["db", "web"])
            let web = try #require(view.services.first { $0.name == "web" })
            #expect(web.containerCount == 3)
            #expect(web.running == 1)
            #expect(web.states == ["running": 1, "created": 2])
            #expect(web.images == [test.scope.image])
            #expect(view.containers.map(\.service) == ["db", "web", "web", "web"])
            #expect(view.containers.filter { $0.service == "web" }.map(\.number) == [1, 2, 3])
            #expect(view.containers.first { $0.id == web1.id }?.state == "running")
            #expect(view.containers.first { $0.id == oneOff.id }?.oneOff == true)

            let listed = try await test.client.send(.get, api("projects")).decode([ProjectView].self)
            // The same project as the single read, but for the status texts ("Up 4 seconds"), which move with time.
            #expect(listed.first { $0.name == project }.map(Self.withoutStatusText) == Self.withoutStatusText(view))
            // A container without compose labels is in no project.
            let plain = try await test.createContainer("plain")
            #expect(!listed.contains { project in project.containers.contains { $0.id == plain.id } })

            let everywhere = try await test.client.send(.get, "/api/v1/projects")
            expectStatus(everywhere, .ok)
            let all = try everywhere.decode(ProjectListView.self)
            #expect(all.errors.isEmpty)
            #expect(all.projects.first { $0.name == project }?.containerCount == 4)
        }
    }

    @Test func stopStartAndRestartActOnEveryServiceContainerAndAreAudited() async throws {
        try await withCapstan { test in
            let project = Self.projectName(test)
            let a = try await Self.member(test, project, service: "web", number: 1, run: true)
            let b = try await Self.member(test, project, service: "worker", number: 1, run: true)
            let c = try await Self.member(test, project, service: "worker", number: 2, run: false)
            let oneOff = try await Self.member(test, project, service: "web", number: 2, run: false, oneOff: true)

            let stopped = try await Self.act(test, project, "stop", query: ["t": "5"], expect: .ok)
            #expect(stopped.action == "stop")
            #expect(stopped.succeeded == 3)
            #expect(stopped.failed == 0)
            #expect(stopped.results.map(\.id) == [a.id, b.id, c.id], "one-off containers are left alone")
            #expect(stopped.results.map(\.changed) == [true, true, false], "the created one was not running")
            var view = try await Self.view(test, project)
            #expect(view.running == 0)
            #expect(view.status == "stopped")

            let started = try await Self.act(test, project, "start", expect: .ok)
            #expect(started.results.allSatisfy { $0.ok && $0.changed == true })
            view = try await Self.view(test, project)
            #expect(view.running == 3)
            #expect(view.containers.first { $0.id == oneOff.id }?.state == "created")

            let restarted = try await Self.act(test, project, "restart", query: ["t": "2"], expect: .ok)
            #expect(restarted.succeeded == 3)
            #expect(try await Self.view(test, project).running == 3)

            // The request's own row, and one row per container under the same request id.
            let rows = try await test.client.send(.get, "/api/v1/audit", query: ["action": "project.stop"]).json()["entries"]
            let projectRow = try #require(rows.array?.first)
            #expect(projectRow["objectID"].string == project)
            #expect(projectRow["result"].string == "success")
            #expect(projectRow["parameters"]["t"].string == "5")
            let requestID = try #require(projectRow["requestID"].string)
            let containerRows = try await test.client.send(.get, "/api/v1/audit", query: ["action": "container.stop"]).json()["entries"]
            let mine = (containerRows.array ?? []).filter { $0["requestID"].string == requestID }
            #expect(Set(mine.compactMap { $0["objectID"].string }) == [a.id, b.id, c.id])
            #expect(mine.allSatisfy { $0["parameters"]["via"].string == "project.stop" && $0["parameters"]["project"].string == project })
            #expect(mine.allSatisfy { $0["result"].string == "success" })
        }
    }

    @Test func aContainerThatCannotStartIsAPartialFailure() async throws {
        try await withCapstan { test in
            let project = Self.projectName(test)
            let good = try await Self.member(test, project, service: "app", number: 1, run: false)
            // Its program does not exist: the engine refuses to start it.
            let broken = try await Self.member(test, project, service: "broken", number: 1, run: false, cmd: ["/no/such/program"])

            let response = try await test.client.send(.post, api("projects/\(project)/start"))
            #expect(response.status.code == 207, "\(response.text)")
            let report = try response.decode(ProjectActionView.self)
            #expect(report.succeeded == 1)
            #expect(report.failed == 1)
            let ok = try #require(report.results.first { $0.id == good.id })
            #expect(ok.ok && ok.changed == true && ok.error == nil)
            let failed = try #require(report.results.first { $0.id == broken.id })
            #expect(failed.ok == false)
            #expect(failed.changed == nil)
            #expect(failed.error?.message.contains("/no/such/program") == true, "\(failed.error?.message ?? "no error")")
            #expect(try await Self.view(test, project).running == 1)

            let rows = try await test.client.send(.get, "/api/v1/audit", query: ["action": "project.start"]).json()["entries"]
            #expect(rows[0]["result"].string == "failure")
            let containerRow = try await test.client.send(
                .get, "/api/v1/audit", query: ["action": "container.start", "object": broken.id]
            ).json()["entries"][0]
            #expect(containerRow["result"].string == "failure")
            #expect(containerRow["error"].string?.contains("/no/such/program") == true)
        }
    }

    @Test func projectErrorsAndRoles() async throws {
        try await withCapstan { test in
            let project = Self.projectName(test)
            _ = try await Self.member(test, project, service: "web", number: 1, run: false)
            let missing = "nosuch-\(test.scope.run)"
            expectError(try await test.client.send(.get, api("projects/\(missing)")), .notFound, code: "not_found")
            expectError(try await test.client.send(.post, api("projects/\(missing)/stop")), .notFound, code: "not_found")
            expectError(try await test.client.send(.get, api("projects/-bad")), .badRequest, code: "bad_request", field: "project")
            expectError(
                try await test.client.send(.post, api("projects/\(project)/stop"), query: ["t": "soon"]), .badRequest,
                code: "bad_request", field: "t"
            )
            expectError(
                try await test.client.send(.get, "/api/v1/engines/nosuch/projects"), .notFound, code: "not_found"
            )

            let asViewer = try await TestToken.$current.withValue(test.auth.tokens[.viewer]) {
                (
                    try await test.client.send(.post, api("projects/\(project)/start")),
                    try await test.client.send(.get, api("projects/\(project)"))
                )
            }
            expectError(asViewer.0, .forbidden, code: "forbidden")
            expectStatus(asViewer.1, .ok)
            #expect(try await Self.view(test, project).running == 0, "the refused start did nothing")

            let asOperator = try await TestToken.$current.withValue(test.auth.tokens[.operator]) {
                try await test.client.send(.post, api("projects/\(project)/start"))
            }
            expectStatus(asOperator, .ok)
            #expect(try await Self.view(test, project).running == 1)
        }
    }

    static func withoutStatusText(_ view: ProjectView) -> ProjectView {
        var view = view
        for index in view.containers.indices { view.containers[index].status = "" }
        return view
    }

    /// A project name unique to the test (compose names are lower case).
    static func projectName(_ test: TestContext) -> String { "capstan-p-\(test.scope.run.prefix(13))" }

    /// A container labelled as compose labels a service replica (or a `compose run` one-off).
    static func member(
        _ test: TestContext, _ project: String, service: String, number: Int, run: Bool, oneOff: Bool = false,
        cmd: [String] = stoppableLoop
    ) async throws -> TestContainer {
        let labels = [
            "com.docker.compose.project": project,
            "com.docker.compose.service": service,
            "com.docker.compose.container-number": String(number),
            "com.docker.compose.oneoff": oneOff ? "True" : "False",
            "com.docker.compose.project.working_dir": "/srv/\(project)",
            "com.docker.compose.project.config_files": "/srv/\(project)/compose.yaml,/srv/\(project)/compose.override.yaml",
        ]
        let container = try await test.createContainer("\(service)-\(number)", cmd: cmd, labels: labels)
        if run { expectStatus(try await test.action(container.id, "start"), .ok) }
        return container
    }

    static func view(_ test: TestContext, _ project: String) async throws -> ProjectView {
        let response = try await test.client.send(.get, api("projects/\(project)"))
        expectStatus(response, .ok)
        return try response.decode(ProjectView.self)
    }

    static func act(
        _ test: TestContext, _ project: String, _ verb: String, query: KeyValuePairs<String, String> = [:],
        expect status: HTTPResponse.Status
    ) async throws -> ProjectActionView {
        let response = try await test.client.send(.post, api("projects/\(project)/\(verb)"), query: query)
        expectStatus(response, status)
        return try response.decode(ProjectActionView.self)
    }
}
