import Foundation
import Testing

/// The CLI (`capstan ps`, `logs`, `events`) as a real client of a running server, over the protocol.
@Suite(.timeLimit(.minutes(3)))
struct LiveCLITests {
    /// The options every command needs to reach the test server.
    static func serverArguments(_ server: LiveServer) -> [String] {
        ["--url", "http://127.0.0.1:\(server.port)", "--token", server.auth.adminToken]
    }

    @Test func psPrintsTheLiveListOnce() async throws {
        try await withLiveServer { server in
            let running = try await server.runContainer("cli-ps")
            let created = try await server.createContainer("cli-ps-created")
            try await eventually("both containers in the hub's list") {
                server.engine.resolve(running.id)?.state == "running" && server.engine.resolve(created.id) != nil ? true : nil
            }
            let all = try CLIProcess(["ps"] + Self.serverArguments(server))
            #expect(try await all.finished() == 0, "stderr: \(all.stderr)")
            let rows = all.stdout.split(separator: "\n").map(String.init)
            #expect(rows.first?.hasPrefix("ENGINE") == true)
            let row = try #require(rows.first { $0.contains(running.name) }, "stdout: \(all.stdout)\nstderr: \(all.stderr)")
            #expect(row.contains(running.shortID) && row.contains(" running "), "\(row)")
            #expect(rows.contains { $0.contains(created.name) && $0.contains(" created ") })

            let onlyRunning = try CLIProcess(["ps", "--running"] + Self.serverArguments(server))
            #expect(try await onlyRunning.finished() == 0)
            #expect(onlyRunning.stdout.contains(running.name))
            #expect(!onlyRunning.stdout.contains(created.name))
        }
    }

    @Test func logsPrintsTheLastLinesAndFollowsWithAFilter() async throws {
        try await withLiveServer { server in
            // Ten lines, then nothing until SIGUSR1; then `new N` and `noise N` every 50 ms.
            let script = #"""
                trap "exit 0" TERM; go=""; trap 'go=1' USR1
                for i in 1 2 3 4 5 6 7 8 9 10; do echo "old $i"; done
                while [ -z "$go" ]; do sleep 0.05; done
                i=0; while true; do i=$((i+1)); echo "new $i"; echo "noise $i"; sleep 0.05; done
                """#
            let container = try await server.runContainer("cli-logs", script: script)
            try await eventually("ten lines written") {
                try await server.docker.logs(container.id, options: .init(tail: 100)).count == 10 ? true : nil
            }
            let history = try CLIProcess(["logs", "--tail", "3", container.name] + Self.serverArguments(server))
            #expect(try await history.finished() == 0, "stderr: \(history.stderr)")
            #expect(history.stdout == "old 8\nold 9\nold 10\n")

            let follow = try CLIProcess(["logs", "-f", "-n", "2", "--grep", "^(old|new) [0-9]+$", container.name] + Self.serverArguments(server))
            defer { follow.terminate() }
            _ = try await eventually("the history") { follow.stdout.hasPrefix("old 9\nold 10\n") ? true : nil }
            _ = try await server.docker.killContainer(container.id, signal: "USR1")
            let printed = try await eventually("three live lines") { () -> [String]? in
                let lines = follow.stdout.split(separator: "\n").map(String.init)
                return lines.count >= 5 ? lines : nil
            }
            #expect(Array(printed.prefix(5)) == ["old 9", "old 10", "new 1", "new 2", "new 3"])
            #expect(!follow.stdout.contains("noise"), "filtered on the server")
            #expect(follow.status == nil, "-f keeps following")
        }
    }

    @Test func logsOfAnUnknownContainerFails() async throws {
        try await withLiveServer { server in
            let cli = try CLIProcess(["logs", "capstan-no-such-container-\(UUID().uuidString.prefix(8))"] + Self.serverArguments(server))
            #expect(try await cli.finished() != 0)
            #expect(cli.stderr.contains("no container"), "stderr: \(cli.stderr)")
        }
    }

    @Test func eventsPrintsEngineEventsAsTheyHappen() async throws {
        try await withLiveServer { server in
            let container = try await server.createContainer("cli-events")
            let before = server.engine.eventSubscriberCount
            let cli = try CLIProcess(["events", "--type", "container", "--action", "start"] + Self.serverArguments(server))
            defer { cli.terminate() }
            try await eventually("the CLI subscribed") { server.engine.eventSubscriberCount > before ? true : nil }
            try await server.docker.startContainer(container.id)
            let line = try await eventually("the start event printed") {
                cli.stdout.split(separator: "\n").first { $0.contains(container.shortID) }.map(String.init)
            }
            #expect(line.contains(" local container start \(container.shortID) (\(container.name))"), "\(line)")
            #expect(!cli.stdout.contains(" create "), "only the chosen action")
        }
    }
}
