import Foundation
import SQLiteNIO
import Testing

/// The `capstan` executable against a database directly: the way an operator who is locked out recovers
/// (`capstan user …`), and `capstan audit verify` catching a row edited behind the server's back.
@Suite("capstan user and audit commands")
struct UserAndAuditCommandTests {
    /// The `capstan` built next to this test bundle (or `CAPSTAN_BIN`).
    static func executable() throws -> String {
        if let given = ProcessInfo.processInfo.environment["CAPSTAN_BIN"], !given.isEmpty { return given }
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("capstan").path
        guard FileManager.default.isExecutableFile(atPath: beside) else {
            throw CommandFailure("no capstan executable at \(beside): build the package first or set CAPSTAN_BIN")
        }
        return beside
    }

    struct CommandFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Runs `capstan ARGS`.
    static func capstan(_ arguments: [String]) async throws -> ShellScript.Result {
        try await ShellScript.run(try executable(), arguments)
    }

    @Test func aLockedOutOperatorRecoversWithTheCommandLine() async throws {
        let folder = TestEnvironment.temporaryDirectory("capstan-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ["--data-dir", folder.path]

        let added = try await Self.pipe("a long admin password", ["user", "add", "--role", "admin", "--password-stdin", "root-admin"] + store)
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.contains("created root-admin (admin)"))
        let viewer = try await Self.pipe("a long viewer password", ["user", "add", "--password-stdin", "ivy"] + store)
        #expect(viewer.status == 0, "\(viewer.errors)")
        // A second user of the same name is refused, saying so.
        let again = try await Self.pipe("a long viewer password", ["user", "add", "--password-stdin", "ivy"] + store)
        #expect(again.status != 0)
        #expect((again.output + again.errors).contains("exists"))
        // A short password is refused before anything is written.
        let short = try await Self.pipe("short", ["user", "add", "--password-stdin", "tiny"] + store)
        #expect(short.status != 0)
        #expect((short.output + short.errors).contains("at least"))

        #expect(try await Self.capstan(["user", "role"] + store + ["ivy", "operator"]).status == 0)
        #expect(try await Self.capstan(["user", "disable"] + store + ["root-admin"]).status == 0)
        var list = try await Self.capstan(["user", "list"] + store)
        #expect(list.output.contains("ivy\toperator"))
        #expect(list.output.contains("root-admin\tadmin\tdisabled"))
        #expect(!list.output.contains("tiny"))
        #expect(try await Self.capstan(["user", "enable"] + store + ["root-admin"]).status == 0)
        #expect(try await Self.pipe("a new admin password", ["user", "passwd", "--password-stdin"] + store + ["root-admin"]).status == 0)
        #expect(try await Self.capstan(["user", "delete"] + store + ["ivy"]).status == 0)
        list = try await Self.capstan(["user", "list"] + store)
        #expect(list.output.contains("root-admin\tadmin\n") || list.output.hasSuffix("root-admin\tadmin"))
        #expect(!list.output.contains("ivy"))
        let unknown = try await Self.capstan(["user", "disable"] + store + ["nobody"])
        #expect(unknown.status != 0)
        #expect((unknown.output + unknown.errors).contains("nobody"))

        // Every change above is in the audit log, and the chain holds.
        let verified = try await Self.capstan(["audit", "verify"] + store)
        #expect(verified.status == 0, "\(verified.output) \(verified.errors)")
        // Two creations, a role change, disable, enable, a password reset and a deletion.
        #expect(verified.output.hasPrefix("ok: 7 rows"), "\(verified.output)")
    }

    @Test func auditVerifyFindsARowEditedInTheDatabase() async throws {
        let folder = TestEnvironment.temporaryDirectory("capstan-cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = ["--data-dir", folder.path]
        for name in ["amy", "bob", "cat"] {
            #expect(try await Self.pipe("a long enough password", ["user", "add", "--password-stdin", name] + store).status == 0)
        }
        #expect(try await Self.capstan(["audit", "verify"] + store).status == 0)
        // Someone with the database file lifts the append-only triggers and rewrites history.
        let database = try await SQLiteConnection.open(storage: .file(path: folder.appendingPathComponent("capstan.sqlite").path))
        _ = try await database.query("DROP TRIGGER audit_log_no_update")
        _ = try await database.query("UPDATE audit_log SET object_name = 'someone-else' WHERE seq = 2")
        try await database.close()
        let broken = try await Self.capstan(["audit", "verify"] + store)
        #expect(broken.status == 1)
        #expect(broken.output.contains("BROKEN"), "\(broken.output)")
        #expect(broken.output.contains("2"), "\(broken.output)")
    }

    /// Runs `capstan ARGS` with one line on standard input.
    static func pipe(_ line: String, _ arguments: [String]) async throws -> ShellScript.Result {
        let binary = try executable()
        return try await ShellScript.run("/bin/sh", ["-c", #"line=$1; shift; printf '%s\n' "$line" | "$@""#, "sh", line, binary] + arguments)
    }
}
