import ArgumentParser
import CapstanStore
import Foundation
import Logging

/// Where Capstan keeps its data: an SQLite file in a data folder (default) or PostgreSQL.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "The folder of the SQLite database (env CAPSTAN_DATA; default /var/lib/capstan as root, else ~/.local/share/capstan).")
    var dataDirectory: String?

    @Option(name: .customLong("database-url"), help: "Use PostgreSQL instead: postgres://user:password@host:port/db (env CAPSTAN_DATABASE_URL).")
    var databaseURL: String?

    private var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The PostgreSQL URL, when one is given.
    var postgresURL: String? {
        let url = databaseURL ?? environment["CAPSTAN_DATABASE_URL"]
        return (url?.isEmpty ?? true) ? nil : url
    }

    /// The SQLite folder.
    var folder: String {
        if let folder = dataDirectory ?? environment["CAPSTAN_DATA"], !folder.isEmpty { return folder }
        if getuid() == 0 { return "/var/lib/capstan" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/capstan"
    }

    /// What will be opened, without secrets.
    var description: String {
        if let url = postgresURL, let configuration = try? PostgresStoreConfiguration(url: url) { return "\(configuration)" }
        return "sqlite:\(folder)/\(SQLiteStore.defaultFileName)"
    }

    /// Opens and migrates the store; an unreachable database is a clear error.
    func open(logger: Logger) async throws -> any CapstanStore {
        let store: any CapstanStore
        do {
            if let url = postgresURL {
                store = try await PostgresStore.connect(try PostgresStoreConfiguration(url: url), logger: logger)
            } else {
                store = try await SQLiteStore.open(directory: folder, logger: logger)
            }
        } catch {
            throw CLIError("cannot open the database (\(description)): \(error)")
        }
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw CLIError("cannot migrate the database (\(description)): \(error)")
        }
        return store
    }
}
