import CapstanServer
import CapstanStore
import CapstanWire
import Foundation
import Testing

/// Users through the API (admin): every change works, is audited, and every refused change is audited
/// as a failure with its reason.
@Suite("User management through the API")
struct UserRoutesTests {
    @Test func aUsersWholeLifeIsAuditedStepByStep() async throws {
        try await withCapstan { context in
            let client = context.client
            let created = try await client.send(.post, "/api/v1/users", json: #"{"name":"dana","password":"a long first password","role":"viewer"}"#)
            #expect(created.status == .created)
            #expect(try created.json()["role"].string == "viewer")
            // She signs in, then an admin promotes her, resets her password and disables her.
            let login = try await client.send(.post, "/api/v1/auth/login", encoding: LoginRequest(name: "dana", password: "a long first password"))
            #expect(login.status == .ok)
            #expect(try await client.send(.patch, "/api/v1/users/dana", json: #"{"role":"operator"}"#).status == .ok)
            #expect(try await client.send(.patch, "/api/v1/users/dana", json: #"{"password":"another long password"}"#).status == .ok)
            let oldPassword = try await client.send(.post, "/api/v1/auth/login", encoding: LoginRequest(name: "dana", password: "a long first password"))
            #expect(oldPassword.status.code == 401)
            #expect(try await client.send(.patch, "/api/v1/users/dana", json: #"{"disabled":true}"#).status == .ok)
            let disabled = try await client.send(.post, "/api/v1/auth/login", encoding: LoginRequest(name: "dana", password: "another long password"))
            #expect(disabled.status.code == 401)
            #expect(try await client.send(.patch, "/api/v1/users/dana", json: #"{"disabled":false}"#).status == .ok)
            let listed = try #require(try await client.send(.get, "/api/v1/users").json().array)
            let dana = try #require(listed.first { $0["name"].string == "dana" })
            #expect(dana["role"].string == "operator")
            #expect(dana["disabled"].bool == false)
            #expect(try await client.send(.delete, "/api/v1/users/dana").status == .noContent)
            #expect(try await client.send(.get, "/api/v1/users").json().array?.contains { $0["name"].string == "dana" } == false)

            let trail = try #require(try await client.send(.get, "/api/v1/audit", query: ["objectName": "dana"]).json()["entries"].array)
            let actions = trail.reversed().map { "\($0["action"].string ?? "?") \($0["result"].string ?? "?")" }
            #expect(actions == [
                "user.create success", "user.update success", "user.update success", "user.update success", "user.update success",
                "user.delete success",
            ])
            #expect(trail.allSatisfy { $0["user"].string == "test-admin" && $0["role"].string == "admin" })
            let parameters = trail.reversed().compactMap { $0["parameters"].object?.keys.sorted().first }
            #expect(parameters == ["role", "role", "password", "disabled", "disabled"])
        }
    }

    @Test func refusedChangesAreAuditedWithTheirReason() async throws {
        try await withCapstan { context in
            let client = context.client
            let cases: [(method: String, path: String, body: String, status: Int, action: String, object: String)] = [
                ("POST", "/api/v1/users", #"{"name":"erin","password":"short","role":"viewer"}"#, 400, "user.create", "erin"),
                ("POST", "/api/v1/users", #"{"name":"erin","password":"long enough password","role":"root"}"#, 400, "user.create", "erin"),
                ("POST", "/api/v1/users", #"{"name":"test-viewer","password":"long enough password","role":"viewer"}"#, 409, "user.create", "test-viewer"),
                ("PATCH", "/api/v1/users/nobody-here", #"{"role":"viewer"}"#, 404, "user.update", "nobody-here"),
                ("PATCH", "/api/v1/users/test-admin", #"{"role":"viewer"}"#, 409, "user.update", "test-admin"),
                ("DELETE", "/api/v1/users/test-admin", "", 409, "user.delete", "test-admin"),
            ]
            for item in cases {
                let response = try await client.send(.init(item.method)!, item.path, json: item.body.isEmpty ? nil : item.body)
                #expect(response.status.code == item.status, "\(item.method) \(item.path) \(item.body): \(response.status)")
                let message = try response.decode(ErrorResponse.self).error.message
                let audited = try #require(
                    try await client.send(.get, "/api/v1/audit", query: ["action": item.action, "objectName": item.object, "result": "failure"])
                        .json()["entries"].array
                )
                #expect(audited.first?["error"].string == message, "\(item.method) \(item.path): audited \(audited.first?["error"].string ?? "nothing")")
            }
            // A viewer's attempt is refused before it runs, and audited as denied.
            let denied = try await TestToken.$current.withValue(context.auth.tokens[.viewer]) {
                try await client.send(.post, "/api/v1/users", json: #"{"name":"frank","password":"long enough password","role":"admin"}"#)
            }
            #expect(denied.status == .forbidden)
            let deniedRows = try #require(try await client.send(.get, "/api/v1/audit", query: ["user": "test-viewer", "result": "denied"]).json()["entries"].array)
            #expect(deniedRows.count == 1)
            #expect(try await context.auth.store.users.get(name: "frank") == nil)
            #expect(try await context.auth.store.audit.verify().isValid)
        }
    }
}
