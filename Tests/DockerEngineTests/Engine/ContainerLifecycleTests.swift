import DockerEngine
import Testing

@Suite("Container lifecycle against the real engine")
struct ContainerLifecycleTests {
    @Test func everyLifecycleActionAndItsStateErrors() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(trappingSleeper, start: false) { id in
                #expect(try await client.inspectContainer(id).state.status == "created")
                #expect(try await client.startContainer(id) == .done)
                #expect(try await client.inspectContainer(id).state.running)
                // Starting a running container: the engine's 304, not an error.
                #expect(try await client.startContainer(id) == .unchanged)

                #expect(try await client.pauseContainer(id) == .done)
                #expect(try await client.inspectContainer(id).state.paused)
                await expectDockerError(.conflict) { try await client.pauseContainer(id) }
                #expect(try await client.unpauseContainer(id) == .done)
                // The engine answers 500 "is not paused": still a conflict for us.
                let notPaused = await expectDockerError(.conflict) { try await client.unpauseContainer(id) }
                #expect(notPaused?.status == 500)

                await expectDockerError(.badRequest) { try await client.killContainer(id, signal: "BOGUS") }

                #expect(try await client.stopContainer(id, timeout: 5) == .done)
                let stopped = try await client.inspectContainer(id)
                #expect(stopped.state.status == "exited")
                #expect(stopped.state.exitCode == 0)
                #expect(try await client.stopContainer(id, timeout: 5) == .unchanged)
                await expectDockerError(.conflict) { try await client.killContainer(id) }

                #expect(try await client.restartContainer(id, timeout: 1) == .done)
                #expect(try await client.inspectContainer(id).state.running)
                #expect(try await client.killContainer(id, signal: "SIGKILL") == .done)
                let killed = try await client.waitContainer(id)
                #expect(killed.statusCode == 137)
            }
        }
    }

    @Test func renameRemoveAndTheirConflicts() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(trappingSleeper) { first in
                try await client.withContainer(trappingSleeper) { second in
                    let newName = TestEngine.uniqueName("renamed")
                    try await client.renameContainer(first, to: newName)
                    #expect(try await client.inspectContainer(first).name == "/\(newName)")
                    #expect(try await client.inspectContainer(newName).id == first)
                    let taken = await expectDockerError(.conflict) { try await client.renameContainer(second, to: newName) }
                    #expect(taken?.status == 409)

                    let running = await expectDockerError(.conflict) { try await client.removeContainer(second) }
                    #expect(running?.message.contains("running") == true)
                    try await client.removeContainer(second, force: true)
                    await expectDockerError(.notFound) { try await client.inspectContainer(second) }
                }
            }
        }
    }

    @Test func listFiltersSizesAndLabels() async throws {
        try await TestEngine.withClient { client in
            let project = TestEngine.uniqueName("proj")
            try await client.withContainer(trappingSleeper, configure: {
                $0.labels?["com.docker.compose.project"] = project
                $0.labels?["com.docker.compose.service"] = "web"
            }) { id in
                let listed = try await client.listContainers(
                    all: true, size: true, filters: ["label": ["com.docker.compose.project=\(project)"]]
                )
                let row = try #require(listed.first)
                #expect(listed.count == 1)
                #expect(row.id == id)
                #expect(row.state == "running")
                #expect(row.status.hasPrefix("Up"))
                #expect(row.composeProject == project)
                #expect(row.composeService == "web")
                #expect(row.sizeRootFs ?? 0 > 0)
                #expect(row.image == TestEngine.image)

                let exited = try await client.listContainers(all: true, filters: ["label": ["com.docker.compose.project=\(project)"], "status": ["exited"]])
                #expect(exited.isEmpty)
                await expectDockerError(.badRequest) { try await client.listContainers(filters: ["bogus": ["x"]]) }
            }
        }
    }

    @Test func createErrors() async throws {
        try await TestEngine.withClient { client in
            let name = TestEngine.uniqueName("dup")
            try await client.withContainer(trappingSleeper, name: name, start: false) { _ in
                let duplicate = await expectDockerError(.conflict) {
                    try await client.createContainer(ContainerCreateRequest(image: TestEngine.image), name: name)
                }
                #expect(duplicate?.message.contains("already in use") == true)
            }
            await expectDockerError(.notFound) {
                try await client.createContainer(ContainerCreateRequest(image: "capstan-test/no-such-image:none"))
            }
            // Rejected before any request: it would change the URL.
            await expectDockerError(.badRequest) { try await client.inspectContainer("../../info") }
            await expectDockerError(.badRequest) { try await client.createContainer(ContainerCreateRequest(image: TestEngine.image), name: "bad name") }
        }
    }

    @Test func waitReportsTheExitCode() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(["sh", "-c", "exit 3"]) { id async throws in
                // not-running answers at once for an exited container, so there is no race with the exit.
                #expect(try await client.waitContainer(id, condition: .notRunning).statusCode == 3)
                #expect(try await client.inspectContainer(id).state.exitCode == 3)
            }
        }
    }

    @Test func pruneRemovesStoppedContainers() async throws {
        try await TestEngine.withClient { client in
            let marker = TestEngine.uniqueName("prune")
            try await client.withContainer(["sh", "-c", "exit 0"], configure: { $0.labels?["capstan.prune"] = marker }) { id in
                _ = try await client.waitContainer(id)
                let report = try await client.pruneContainers(filters: ["label": ["capstan.prune=\(marker)"]])
                #expect(report.containersDeleted == [id])
                await expectDockerError(.notFound) { try await client.inspectContainer(id) }
            }
        }
    }
}
