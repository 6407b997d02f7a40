import ArgumentParser
import CapstanStore
import Logging

/// `capstan audit verify`: walks the audit chain and reports the first edited or missing row.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit log.", subcommands: [Verify.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Verify the audit log's hash chain (exit 1 when broken).")
        @OptionGroup var store: StoreOptions

        func run() async throws {
            var logger = Logger(label: "capstan.cli")
            logger.logLevel = .warning
            let database = try await store.open(logger: logger)
            let result: AuditVerification
            do {
                result = try await database.audit.verify()
            } catch {
                try? await database.close()
                throw error
            }
            try await database.close()
            if let broken = result.firstBreak {
                print("BROKEN at \(broken) (\(result.checkedCount) rows checked)")
                throw ExitCode(1)
            }
            print("ok: \(result.checkedCount) rows, last seq \(result.lastSeq), head \(result.lastHash)")
        }
    }
}
