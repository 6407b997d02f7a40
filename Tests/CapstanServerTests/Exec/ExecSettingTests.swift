import CapstanServer
import CapstanStore
import CapstanWire
import Foundation
import Testing

/// The settings an admin changes at run time, and what they do to the terminal: operators may be granted
/// it, and it can be turned off for everyone. Every change and every refused change is audited.
@Suite("Settings: the terminal for operators, and off")
struct ExecSettingTests {
    @Test func anAdminGrantsTheTerminalToOperatorsThenTurnsItOff() async throws {
        try await withLiveServer { server in
            let http = server.http
            let listed = try #require(try await http.send(.get, "/api/v1/settings").json().array)
            let byKey = Dictionary(uniqueKeysWithValues: listed.compactMap { item in item["key"].string.map { ($0, item) } })
            #expect(Set(byKey.keys) == ["exec.enabled", "exec.operators"])
            #expect(byKey["exec.operators"]?["value"].bool == false)
            #expect(byKey["exec.enabled"]?["value"].bool == true)

            // Bad changes: an unknown key, a value that is not a boolean, a role below admin.
            expectError(try await http.send(.put, "/api/v1/settings/exec.everyone", json: #"{"value":true}"#), .notFound, code: "not_found")
            let badValue = try await http.send(.put, "/api/v1/settings/exec.operators", json: #"{"value":"yes please"}"#)
            expectError(badValue, .badRequest, code: "bad_request")
            #expect(try badValue.decode(ErrorResponse.self).error.field == "value")
            for role in [Role.viewer, .operator] {
                let refused = try await TestToken.$current.withValue(server.auth.tokens[role]) {
                    try await http.send(.put, "/api/v1/settings/exec.operators", json: #"{"value":true}"#)
                }
                expectError(refused, .forbidden, code: "forbidden")
            }

            // By default an operator gets no terminal.
            let container = try await server.runContainer("exec-setting")
            let operatorURL = server.terminalURL(container.id, [:]).replacingOccurrences(
                of: "token=\(server.auth.adminToken)", with: "token=\(server.auth.tokens[.operator]!)"
            )
            try await withTerminal(operatorURL) { terminal in
                await #expect(throws: TerminalTestFailure.self) { try await terminal.started(timeout: .seconds(10)) }
            }
            // The admin grants it; the operator's shell runs and its exit code comes back; a viewer is still refused.
            let granted = try await http.send(.put, "/api/v1/settings/exec.operators", json: #"{"value":true}"#)
            #expect(granted.status == .ok)
            #expect(try granted.json()["value"].bool == true)
            try await withTerminal(operatorURL) { terminal in
                _ = try await terminal.started()
                terminal.type("exit 3\n")
                _ = try await terminal.closed()
                #expect(terminal.messages.last == .exit(TerminalExit(code: 3)))
            }
            let viewerPath = "/api/v1/engines/local/containers/\(container.id)/exec"
            let viewer = try await TestToken.$current.withValue(server.auth.tokens[.viewer]) { try await http.send(.get, viewerPath) }
            expectError(viewer, .forbidden, code: "forbidden")
            let operatorStart = try await server.auth.store.audit.query(AuditQuery(user: "test-operator", action: "exec.start")).entries
            #expect(operatorStart.count == 1)

            // Terminals off: not even an admin gets one, and the refusal says why.
            #expect(try await http.send(.put, "/api/v1/settings/exec.enabled", json: #"{"value":false}"#).status == .ok)
            let off = try await http.send(.get, viewerPath)
            expectError(off, .forbidden, code: "forbidden")
            #expect(try off.decode(ErrorResponse.self).error.message.contains("exec.enabled"))

            // The values are stored (a restarted server keeps them), and the audit tells the story.
            let reloaded = try await RuntimeSettings.load(from: server.auth.store)
            #expect(reloaded.value(.execForOperators) == true)
            #expect(reloaded.value(.execEnabled) == false)
            let trail = try await server.auth.store.audit.query(AuditQuery(action: "settings.update")).entries.reversed()
            #expect(trail.map(\.result) == [.failure, .failure, .success, .success])
            #expect(trail.map { $0.objectName ?? "" } == ["exec.everyone", "exec.operators", "exec.operators", "exec.enabled"])
            #expect(trail.last?.parameters == ["old": "true", "new": "false"])
            let denied = try await server.auth.store.audit.query(AuditQuery(result: .denied)).entries
            #expect(denied.filter { $0.action.contains("settings") }.count == 2)
        }
    }
}
