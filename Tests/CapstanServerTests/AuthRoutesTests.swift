import CapstanServer
import CapstanStore
import CapstanWire
import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import Testing

@Suite("Sign-in, tokens, roles and audit")
struct AuthRoutesTests {
    /// A concrete path for a policy pattern: engine routes point at an engine that does not exist,
    /// so an authorized request ends in a harmless 404 instead of acting.
    private static func samplePath(_ pattern: String) -> String {
        var parts = pattern.split(separator: "/").map(String.init)
        for index in parts.indices {
            if parts[index] == "*" { parts[index] = index == 3 && parts.first == "api" ? "no-such-engine" : "x" }
            if parts[index] == "**" { parts[index] = parts.count > 2 && parts[2] == "engines" ? "no-such-engine" : "x" }
        }
        return "/" + parts.joined(separator: "/")
    }

    @Test func everyRouteOfThePolicyTableForEveryRole() async throws {
        try await withCapstan { context in
            for rule in AccessPolicy.rules {
                let method = rule.method ?? .patch
                let path = Self.samplePath(rule.pattern)
                let anonymous = try await TestToken.$current.withValue(nil) { try await context.client.send(method, path) }
                // Settings at their defaults: an adjustable rule needs its first role.
                switch rule.requirement.role(under: \.defaultValue) {
                case nil:
                    #expect(![401, 403].contains(anonymous.status.code), "\(method) \(path) should be open")
                case let needed?:
                    #expect(anonymous.status.code == 401, "\(method) \(path) without a token gave \(anonymous.status.code)")
                    for role in Role.allCases {
                        let response = try await TestToken.$current.withValue(context.auth.tokens[role]) {
                            try await context.client.send(method, path)
                        }
                        if role >= needed {
                            #expect(![401, 403].contains(response.status.code), "\(role) on \(method) \(path) gave \(response.status.code)")
                        } else {
                            #expect(response.status.code == 403, "\(role) on \(method) \(path) gave \(response.status.code), not 403")
                        }
                    }
                }
            }
            // A route the table does not name is refused (fail closed), even for an admin.
            #expect(try await context.client.send(.put, "/api/v1/engines/local/containers/x/start").status == .notFound)
        }
    }

    @Test func forgedExpiredUnsignedAndWrongKeyTokensAreRefused() async throws {
        try await withCapstan { context in
            let valid = context.auth.adminToken
            let parts = valid.split(separator: ".").map(String.init)
            let otherKey = AccessTokenSigner(key: Array(repeating: 7, count: 32))
            let claims = AccessTokenSigner.Claims(
                sub: UUID().uuidString, name: "test-admin", role: "admin", iat: 0, exp: Int64(Date().timeIntervalSince1970) + 600, jti: "x"
            )
            let noneHeader = AccessTokenSigner.base64URL(Data(#"{"alg":"none","typ":"JWT"}"#.utf8))
            let tampered = parts[0] + "." + AccessTokenSigner.base64URL(Data(#"{"sub":"x","name":"x","role":"admin","iat":0,"exp":9999999999,"jti":"x"}"#.utf8)) + "." + parts[2]
            let expiredSigner = try await context.auth.auth.store.settings.get("auth.signing_key").flatMap { Data(base64Encoded: $0.value) }
            let expired = AccessTokenSigner(key: Array(try #require(expiredSigner))).sign(
                .init(sub: UUID().uuidString, name: "a", role: "admin", iat: 0, exp: 1, jti: "y")
            )
            let cases: [(String, String)] = [
                ("wrong key", otherKey.sign(claims)),
                ("alg none", noneHeader + "." + parts[1] + "."),
                ("tampered payload", tampered),
                ("expired", expired),
                ("garbage", "not-a-token"),
            ]
            for (label, token) in cases {
                let response = try await TestToken.$current.withValue(token) { try await context.client.send(.get, "/api/v1/engines") }
                #expect(response.status.code == 401, "\(label) gave \(response.status.code)")
            }
            #expect(try await context.client.send(.get, "/api/v1/engines").status == .ok)
        }
    }

    @Test func aDisabledUsersTokenStopsWorkingAtOnce() async throws {
        try await withCapstan { context in
            let viewer = try #require(context.auth.tokens[.viewer])
            #expect(try await TestToken.$current.withValue(viewer) { try await context.client.send(.get, "/api/v1/auth/me") }.status == .ok)
            let patched = try await context.client.send(.patch, "/api/v1/users/test-viewer", json: #"{"disabled":true}"#)
            #expect(patched.status == .ok)
            #expect(try await TestToken.$current.withValue(viewer) { try await context.client.send(.get, "/api/v1/auth/me") }.status.code == 401)
            // The last admin cannot lock everyone out.
            let lastAdmin = try await context.client.send(.patch, "/api/v1/users/test-admin", json: #"{"role":"viewer"}"#)
            #expect(lastAdmin.status == .conflict)
        }
    }

    @Test func loginRefreshRotationReuseAndLogout() async throws {
        try await withCapstan { context in
            let login = try await context.client.send(.post, "/api/v1/auth/login", encoding: LoginRequest(name: "test-operator", password: TestAuth.password))
            #expect(login.status == .ok)
            let first = try login.decode(TokenPairView.self)
            #expect(first.user.role == "operator")
            #expect(first.expiresIn == 900)

            let rotated = try await context.client.send(.post, "/api/v1/auth/refresh", encoding: RefreshRequest(refreshToken: first.refreshToken))
            #expect(rotated.status == .ok)
            let second = try rotated.decode(TokenPairView.self)
            #expect(second.refreshToken != first.refreshToken)

            // The first token again: reuse. The whole family is revoked, the newer token too.
            let reuse = try await context.client.send(.post, "/api/v1/auth/refresh", encoding: RefreshRequest(refreshToken: first.refreshToken))
            #expect(reuse.status.code == 401)
            #expect(try reuse.decode(ErrorResponse.self).error.code == "token_reused")
            let afterReuse = try await context.client.send(.post, "/api/v1/auth/refresh", encoding: RefreshRequest(refreshToken: second.refreshToken))
            #expect(afterReuse.status.code == 401)

            let audit = try await context.client.send(.get, "/api/v1/audit", query: ["action": "auth.refresh_reuse"])
            #expect(audit.status == .ok)
            #expect(try audit.json()["entries"].array?.count == 1)

            let again = try await context.client.send(.post, "/api/v1/auth/login", encoding: LoginRequest(name: "test-operator", password: TestAuth.password)).decode(TokenPairView.self)
            #expect(try await context.client.send(.post, "/api/v1/auth/logout", encoding: RefreshRequest(refreshToken: again.refreshToken)).status == .noContent)
            #expect(try await context.client.send(.post, "/api/v1/auth/refresh", encoding: RefreshRequest(refreshToken: again.refreshToken)).status.code == 401)
        }
    }

    @Test func failedSignInsAreAuditedAndLockTheNameOut() async throws {
        try await withCapstan { context in
            for _ in 0..<5 {
                let wrong = try await context.client.send(.post, "/api/v1/auth/login", encoding: LoginRequest(name: "test-viewer", password: "wrong password!"))
                #expect(wrong.status.code == 401)
            }
            // Locked now, even with the right password.
            let locked = try await context.client.send(.post, "/api/v1/auth/login", encoding: LoginRequest(name: "test-viewer", password: TestAuth.password))
            #expect(locked.status.code == 429)
            let failures = try await context.client.send(.get, "/api/v1/audit", query: ["action": "auth.login", "result": "failure"])
            #expect(try failures.json()["entries"].array?.count == 5)
            // SQL-looking filters match nothing extra.
            for hostile in ["' OR 1=1 --", "%", "_", "auth.login' --"] {
                let response = try await context.client.send(.get, "/api/v1/audit", query: ["action": hostile])
                #expect(response.status == .ok)
                #expect(try response.json()["entries"].array?.count == 0, "filter \(hostile)")
            }
        }
    }

    @Test func stateChangesAreAuditedAndExportable() async throws {
        try await withCapstan { context in
            let name = context.scope.containerName("audited")
            let created = try await context.client.send(
                .post, api("containers"), query: ["name": name], json: #"{"Image":"\#(context.scope.image)","Cmd":["sleep","60"],"Labels":{"capstan.test":"1"}}"#
            )
            #expect(created.status.code == 201)
            let start = try await context.client.send(.post, api("containers/\(name)/start"))
            #expect(start.status == .ok)
            let page = try await context.client.send(.get, "/api/v1/audit", query: ["action": "container.start", "object": name])
            let entries = try #require(try page.json()["entries"].array)
            #expect(entries.count == 1)
            #expect(entries.first?["user"].string == "test-admin")
            #expect(entries.first?["engine"].string == "local")
            #expect(entries.first?["result"].string == "success")
            let csv = try await context.client.send(.get, "/api/v1/audit", query: ["format": "csv", "object": name])
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.contains("container.start"))
            let verification = try await context.auth.store.audit.verify()
            #expect(verification.isValid)
        }
    }

    @Test func firstRunSetupWorksExactlyOnce() async throws {
        var logger = Logger(label: "t")
        logger.logLevel = .critical
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("capstan-setup-\(UUID().uuidString.prefix(8))").path
        let store = try await SQLiteStore.open(directory: folder, logger: logger)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await store.migrate()
        var configuration = AuthConfiguration()
        configuration.bcryptCost = 4
        let auth = try await AuthService.start(store: store, configuration: configuration, logger: logger)
        let token = try #require(auth.pendingSetupToken)
        let client = ClientInfo(address: "127.0.0.1", requestID: nil)
        await #expect(throws: APIError.self) { try await auth.setup(token: "wrong", name: "root", password: TestAuth.password, client: client) }
        await #expect(throws: APIError.self) { try await auth.setup(token: token, name: "root", password: "short", client: client) }
        let pair = try await auth.setup(token: token, name: "root", password: TestAuth.password, client: client)
        #expect(pair.user.role == "admin")
        #expect(auth.pendingSetupToken == nil)
        await #expect(throws: APIError.self) { try await auth.setup(token: token, name: "second", password: TestAuth.password, client: client) }
        try await store.close()
    }
}
