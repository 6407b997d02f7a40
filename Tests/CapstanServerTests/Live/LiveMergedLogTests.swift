import CapstanWire
import Foundation
import Testing

/// Merged log streams (a compose project, a label selector) and the end of a container's lines.
@Suite(.timeLimit(.minutes(3)))
struct LiveMergedLogTests {
    static func speaker(_ word: String) -> String {
        #"trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "\#(word) $i"; sleep 0.05; done"#
    }

    @Test func aComposeProjectIsOneStreamWithTheContainerOnEveryLine() async throws {
        try await withLiveServer { server in
            let project = "p" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            @Sendable func compose(_ service: String) -> [String: String] {
                ["com.docker.compose.project": project, "com.docker.compose.service": service]
            }
            let web = try await server.runContainer("web", script: Self.speaker("web"), labels: compose("web"))
            let db = try await server.runContainer("db", script: Self.speaker("db"), labels: compose("db"))
            let outsider = try await server.runContainer("outsider", script: Self.speaker("outsider"))
            try await server.withClient { client in
                try await client.subscribe(.subscribeLogs(SubscribeLogs(id: "p", sub: "project", project: project, tail: 5)), id: "p")
                // One snapshot per container, each the start of that container's lines.
                let snapshots = client.transcript.logSnapshots("project")
                #expect(Set(snapshots.flatMap { $0.lines.map(\.container) }).isSubset(of: [web.shortID, db.shortID]))
                _ = try await client.wait("lines of both containers") { transcript in
                    let containers = Set((transcript.lines["project"] ?? []).map(\.container))
                    return containers.isSuperset(of: [web.shortID, db.shortID]) ? true : nil
                }

                // A container that joins the project later joins the stream.
                let worker = try await server.runContainer("worker", script: Self.speaker("worker"), labels: compose("worker"))
                let lines = try await client.wait("lines of the late container") { transcript in
                    (transcript.lines["project"] ?? []).contains { $0.container == worker.shortID } ? transcript.lines["project"] : nil
                }
                let names = [web.shortID: (web.name, "web"), db.shortID: (db.name, "db"), worker.shortID: (worker.name, "worker")]
                for line in lines {
                    let owner = try #require(names[line.container], "a line of \(line.container), outside the project: \(line.text)")
                    #expect(line.name == owner.0)
                    #expect(line.text.hasPrefix(owner.1 + " "), "\(line.text) is \(owner.1)'s")
                }
                #expect(!lines.contains { $0.container == outsider.shortID })
                // In order per container.
                for container in [web.shortID, db.shortID, worker.shortID] {
                    #expect(areConsecutive(lines.filter { $0.container == container }.map(\.seq)), "\(container)")
                }
            }
        }
    }

    @Test func aLabelSelectorMergesMatchingContainersAndARemovedOneEnds() async throws {
        try await withLiveServer { server in
            let group = UUID().uuidString.lowercased()
            let first = try await server.runContainer("first", script: Self.speaker("first"), labels: ["capstan.test.group": group])
            let second = try await server.runContainer("second", script: Self.speaker("second"), labels: ["capstan.test.group": group, "tier": "b"])
            try await server.withClient { client in
                try await client.subscribe(.subscribeLogs(SubscribeLogs(id: "g", sub: "group", labels: ["capstan.test.group=\(group)"], tail: 0)), id: "g")
                try await client.subscribe(
                    .subscribeLogs(SubscribeLogs(id: "t", sub: "tier", labels: ["capstan.test.group=\(group)", "tier"], tail: 0)), id: "t"
                )
                _ = try await client.wait("both containers in the group") { transcript in
                    Set((transcript.lines["group"] ?? []).map(\.container)) == [first.shortID, second.shortID] ? true : nil
                }
                _ = try await client.wait("the tier's lines") { ($0.lines["tier"]?.count ?? 0) >= 3 ? true : nil }
                #expect(client.transcript.lines["tier"]?.allSatisfy { $0.container == second.shortID } == true)

                try await server.docker.removeContainer(first.id, force: true)
                let end = try await client.wait("log_end") { transcript in
                    transcript.messages(of: "group").lazy.compactMap { if case .logEnd(let end) = $0 { end } else { nil } }.first
                }
                #expect(end.container == first.shortID && end.reason == "removed")
                // The other container goes on in the same subscription.
                let count = client.transcript.lines["group"]?.filter { $0.container == second.shortID }.count ?? 0
                _ = try await client.wait("more lines of the second container") { transcript in
                    (transcript.lines["group"]?.filter { $0.container == second.shortID }.count ?? 0) > count + 2 ? true : nil
                }
            }
        }
    }
}
