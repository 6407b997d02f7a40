import CapstanServer
import CapstanStore
import CapstanWire
import Foundation
import Testing

/// SQL-looking and malformed input in every filter the API takes: it is matched as plain characters, or
/// refused with a 400 naming the parameter, and the database is intact afterwards.
@Suite("Hostile input in filters")
struct HostileQueryTests {
    /// Values that would change a query if they were pasted into SQL instead of bound.
    static let sqlLooking = ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE users; --", "\" OR \"\"=\"", "*", "admin'--", "1; DELETE FROM audit_log"]

    @Test func everyAuditFilterTakesSQLLookingTextAsPlainCharacters() async throws {
        try await withCapstan { context in
            // Something to find: a user change by the admin, with an object name that holds SQL characters.
            let hostileName = "x'; DROP TABLE audit_log; --"
            let refused = try await context.client.send(.post, "/api/v1/users", json: #"{"name":"\#(hostileName)","password":"long enough password","role":"viewer"}"#)
            #expect(refused.status == .badRequest)
            #expect(try refused.decode(ErrorResponse.self).error.field == "name")
            let baseline = try #require(try await context.client.send(.get, "/api/v1/audit", query: ["limit": "1000"]).json()["entries"].array)
            #expect(!baseline.isEmpty)

            for probe in Self.sqlLooking {
                for parameter in ["user", "action", "object", "objectName"] {
                    let response = try await context.client.send(.get, "/api/v1/audit", query: [parameter: probe])
                    #expect(response.status == .ok, "\(parameter)=\(probe) gave \(response.status)")
                    #expect(try response.json()["entries"].array?.count == 0, "\(parameter)=\(probe) matched rows")
                    // The same through the exports.
                    for format in ["csv", "json"] {
                        let export = try await context.client.send(.get, "/api/v1/audit", query: [parameter: probe, "format": format])
                        #expect(export.status == .ok)
                        #expect(!export.text.contains("test-admin"), "\(format) export with \(parameter)=\(probe) holds rows")
                    }
                }
                // Parameters with a type are refused by name, never passed on.
                for parameter in ["since", "until", "limit", "after", "result", "format"] {
                    let response = try await context.client.send(.get, "/api/v1/audit", query: [parameter: probe])
                    #expect(response.status == .badRequest, "\(parameter)=\(probe) gave \(response.status)")
                    #expect(try response.decode(ErrorResponse.self).error.field == parameter, "\(parameter)=\(probe)")
                }
            }
            // A real filter still works next to the hostile ones: the refused creation, with its name as it was sent.
            let mine = try await context.client.send(.get, "/api/v1/audit", query: ["user": "test-admin", "action": "user.create", "objectName": hostileName])
            let refusals = try #require(try mine.json()["entries"].array)
            #expect(refusals.count == 1)
            #expect(refusals.first?["result"].string == "failure")
            #expect(refusals.first?["error"].string?.contains("user name") == true)
            let after = try #require(try await context.client.send(.get, "/api/v1/audit", query: ["limit": "1000"]).json()["entries"].array)
            #expect(after.count >= baseline.count)
            #expect(try await context.auth.store.users.list().count == 3)
            #expect(try await context.auth.store.audit.verify().isValid)
        }
    }

    @Test func objectNamesAndEngineFiltersTakeSQLLookingTextAsData() async throws {
        try await withCapstan { context in
            for probe in Self.sqlLooking {
                let escaped = probe.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? probe
                // A user, a container, an engine: names are checked, never interpreted.
                let user = try await context.client.send(.patch, "/api/v1/users/\(escaped)", json: #"{"role":"admin"}"#)
                #expect([400, 404].contains(user.status.code), "user \(probe): \(user.status)")
                let container = try await context.client.send(.get, api("containers/\(escaped)"))
                #expect([400, 404].contains(container.status.code), "container \(probe): \(container.status)")
                let engine = try await context.client.send(.get, "/api/v1/engines/\(escaped)/containers")
                #expect(engine.status == .notFound, "engine \(probe): \(engine.status)")
                // The engine's list filters: SQL-looking values are label values like any other.
                let filters = #"{"label":["capstan.test.probe=\#(probe.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))"]}"#
                for list in ["containers", "images", "networks", "volumes"] {
                    let response = try await context.client.send(.get, api(list), query: ["filters": filters])
                    #expect(response.status == .ok, "\(list) filters with \(probe): \(response.status) \(response.text.prefix(200))")
                    let rows = try response.json()
                    let count = rows.array?.count ?? rows["Volumes"].array?.count ?? rows["volumes"].array?.count ?? 0
                    #expect(count == 0, "\(list) with label \(probe) matched \(count)")
                }
            }
            // Malformed filter documents are a 400 naming `filters`.
            for malformed in ["{", "[]", #"{"label":"not-a-list"}"#, "' OR 1=1 --"] {
                let response = try await context.client.send(.get, api("containers"), query: ["filters": malformed])
                #expect(response.status == .badRequest, "filters=\(malformed) gave \(response.status)")
                #expect(try response.decode(ErrorResponse.self).error.field == "filters")
            }
            #expect(try await context.auth.store.users.list().count == 3)
        }
    }
}
