import Foundation
import PostgresNIO

/// ``AuditRepository`` on PostgreSQL.
struct PostgresAuditRepository: AuditRepository {
    let handle: PostgresHandle

    private static let columns = """
        seq, time_us, user_name, role, client_address, request_id, action, engine, object_id, object_name,
        parameters, result, error, prev_hash, hash
        """

    func append(_ entry: AuditEntry) async throws -> AuditEntry {
        let logger = handle.logger
        let row = try await handle.transaction("append audit entry") { connection in
            // EXCLUSIVE conflicts with every writer of the table (this code in any replica, or a stray INSERT)
            // but not with plain reads, and is released at COMMIT/ROLLBACK. The SELECT after it runs with a fresh
            // READ COMMITTED snapshot, so it sees the row the previous holder committed.
            try await connection.query(.sql("LOCK TABLE audit_log IN EXCLUSIVE MODE"), logger: logger)
            let last = try await connection.rows(
                .sql("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"), logger: logger
            ).first.map { row in
                let row = row.makeRandomAccess()
                return (seq: try row.value("seq", as: Int64.self), hash: try row.value("hash", as: String.self))
            }
            let row = AuditRow.appending(entry, after: last)
            try await connection.query(
                .sql(
                    """
                    INSERT INTO audit_log (\(Self.columns))
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
                    """,
                    .int64(row.seq), .int64(row.timeMicros), .text(row.user), .text(row.role),
                    .text(row.clientAddress), .text(row.requestID), .text(row.action), .text(row.engine),
                    .text(row.objectID), .text(row.objectName), .text(row.parametersJSON), .text(row.result),
                    .text(row.error), .text(row.prevHash), .text(row.hash)
                ),
                logger: logger
            )
            return row
        }
        return try row.entry()
    }

    func query(_ query: AuditQuery) async throws -> AuditPage {
        let filter = AuditFilterSQL(query) { "$\($0)" }
        let values = filter.binds.map { value -> PostgresValue in
            switch value {
            case .text(let text): .text(text)
            case .integer(let integer): .int64(integer)
            }
        }
        let logger = handle.logger
        let rows = try await handle.run("query audit log") { connection in
            try await connection.rows(
                .sql(
                    """
                    SELECT \(Self.columns) FROM audit_log \(filter.whereClause)
                    ORDER BY seq DESC LIMIT \(filter.limitPlaceholder)
                    """,
                    values
                ),
                logger: logger
            ).map(Self.auditRow)
        }
        let entries = try rows.map { row throws(CapstanStoreError) in try row.entry() }
        return AuditFilterSQL.page(entries, limit: query.effectiveLimit)
    }

    func verify() async throws -> AuditVerification {
        var verifier = AuditChainVerifier()
        var cursor: Int64 = 0
        let logger = handle.logger
        // Page through in seq order: appends only ever add rows after the end, so pages see a consistent chain.
        while !verifier.isFinished {
            let after = cursor
            let page = try await handle.run("verify audit log") { connection in
                try await connection.rows(
                    .sql(
                        "SELECT \(Self.columns) FROM audit_log WHERE seq > $1 ORDER BY seq ASC LIMIT 1000",
                        .int64(after)
                    ),
                    logger: logger
                ).map { row -> (seq: Int64, row: AuditRow?) in
                    (try row.makeRandomAccess().value("seq", as: Int64.self), try? Self.auditRow(row))
                }
            }
            guard !page.isEmpty else { break }
            for (seq, row) in page {
                cursor = seq
                if let row { verifier.check(row) } else { verifier.unreadable(seq: seq) }
                if verifier.isFinished { break }
            }
        }
        return verifier.report
    }

    private static func auditRow(_ row: PostgresRow) throws -> AuditRow {
        let row = row.makeRandomAccess()
        return AuditRow(
            seq: try row.value("seq"), timeMicros: try row.value("time_us"), user: try row.value("user_name"),
            role: try row.value("role"), clientAddress: try row.value("client_address"),
            requestID: try row.value("request_id"), action: try row.value("action"), engine: try row.value("engine"),
            objectID: try row.value("object_id"), objectName: try row.value("object_name"),
            parametersJSON: try row.value("parameters"), result: try row.value("result"),
            error: try row.value("error"), prevHash: try row.value("prev_hash"), hash: try row.value("hash")
        )
    }
}
