@testable import CapstanStore
import Foundation
import SQLiteNIO
import Testing

@Suite("SQLite store")
struct SQLiteStoreTests {
    @Test("creates the data directory (0700) and a 0600 database file in WAL mode")
    func createsDirectoryAndFile() async throws {
        let root = TestEnvironment.temporaryDirectory("capstan-sqlite")
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = root.appendingPathComponent("nested/data")
        let store = try await SQLiteStore.open(directory: directory.path, logger: TestEnvironment.logger)
        try await store.migrate()
        _ = try await store.users.create(Fixtures.user("alice"))

        let attributes = try FileManager.default.attributesOfItem(atPath: directory.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        let fileAttributes = try FileManager.default.attributesOfItem(atPath: store.path)
        #expect((fileAttributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(FileManager.default.fileExists(atPath: store.path + "-wal"))

        let side = try await SQLiteConnection.open(storage: .file(path: store.path))
        let mode = try await side.query("PRAGMA journal_mode").first?.column("journal_mode")?.string
        #expect(mode == "wal")
        let versions = try await side.query("SELECT version FROM schema_migrations ORDER BY version")
        #expect(versions.compactMap { $0.column("version")?.integer } == [1, 2])
        try await side.close()
        try await store.close()
    }

    @Test("data survives closing and reopening")
    func reopen() async throws {
        let directory = TestEnvironment.temporaryDirectory("capstan-sqlite")
        defer { try? FileManager.default.removeItem(at: directory) }
        let first = try await SQLiteStore.open(directory: directory.path, logger: TestEnvironment.logger)
        try await first.migrate()
        let alice = try await first.users.create(Fixtures.user("alice"))
        let entry = try await first.audit.append(Fixtures.entry())
        try await first.close()

        let second = try await SQLiteStore.open(directory: directory.path, logger: TestEnvironment.logger)
        try await second.migrate()
        #expect(try await second.users.get(id: alice.id) == alice)
        #expect(try await second.audit.query(AuditQuery()).entries == [entry])
        #expect(try await second.audit.append(Fixtures.entry()).prevHash == entry.hash)
        try await second.close()
    }

    @Test("a data directory that cannot be created is unavailable, with the reason")
    func unusableDirectory() async throws {
        let file = TestEnvironment.temporaryDirectory("capstan-sqlite-file")
        try Data("not a directory".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = await #expect(throws: CapstanStoreError.unavailable) {
            try await SQLiteStore.open(directory: file.path, logger: TestEnvironment.logger)
        }
        #expect(error?.message.contains("not a directory") == true)
        await #expect(throws: CapstanStoreError.unavailable) {
            try await SQLiteStore.open(directory: file.appendingPathComponent("below").path, logger: TestEnvironment.logger)
        }
    }

    @Test("a file that is not a database is corrupt")
    func notADatabase() async throws {
        let directory = TestEnvironment.temporaryDirectory("capstan-sqlite")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(repeating: 0x42, count: 4096).write(to: directory.appendingPathComponent(SQLiteStore.defaultFileName))
        await #expect(throws: CapstanStoreError.corrupt) {
            try await SQLiteStore.open(directory: directory.path, logger: TestEnvironment.logger)
        }
    }

    @Test("a second process's write lock makes appends wait, not fail")
    func busyTimeout() async throws {
        try await withStore(.sqlite) { store in
            try await store.raw("BEGIN IMMEDIATE")
            async let append = store.audit.append(Fixtures.entry())
            try await Task.sleep(for: .milliseconds(300))
            try await store.raw("COMMIT")
            #expect(try await append.seq == 1)
        }
    }
}
