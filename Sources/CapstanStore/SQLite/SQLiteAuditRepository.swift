import Foundation
import SQLiteNIO

/// ``AuditRepository`` on SQLite.
struct SQLiteAuditRepository: AuditRepository {
    let handle: SQLiteHandle

    private static let columns = """
        seq, time_us, user_name, role, client_address, request_id, action, engine, object_id, object_name,
        parameters, result, error, prev_hash, hash
        """

    func append(_ entry: AuditEntry) async throws -> AuditEntry {
        // BEGIN IMMEDIATE (in `transaction`) holds the database write lock from the read of the last row to the
        // insert, so no other append — from this process or another — can take the same seq or prevHash.
        let row = try await handle.transaction("append audit entry") { connection in
            let last = try await connection.query("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            let previous = try last.first.map { row throws(CapstanStoreError) in
                (seq: try row.int64("seq"), hash: try row.text("hash"))
            }
            let row = AuditRow.appending(entry, after: previous)
            _ = try await connection.query(
                """
                INSERT INTO audit_log (\(Self.columns))
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)
                """,
                [
                    .int64(row.seq), .int64(row.timeMicros), .optionalText(row.user), .optionalText(row.role),
                    .optionalText(row.clientAddress), .optionalText(row.requestID), .text(row.action),
                    .optionalText(row.engine), .optionalText(row.objectID), .optionalText(row.objectName),
                    .text(row.parametersJSON), .text(row.result), .optionalText(row.error), .text(row.prevHash),
                    .text(row.hash),
                ]
            )
            return row
        }
        return try row.entry()
    }

    func query(_ query: AuditQuery) async throws -> AuditPage {
        let filter = AuditFilterSQL(query) { "?\($0)" }
        let rows = try await handle.run("query audit log") { connection in
            try await connection.query(
                "SELECT \(Self.columns) FROM audit_log \(filter.whereClause) ORDER BY seq DESC LIMIT \(filter.limitPlaceholder)",
                filter.binds.map(SQLiteData.init)
            )
        }
        let entries = try rows.map { row throws(CapstanStoreError) in try Self.auditRow(row).entry() }
        return AuditFilterSQL.page(entries, limit: query.effectiveLimit)
    }

    func verify() async throws -> AuditVerification {
        var verifier = AuditChainVerifier()
        var cursor: Int64 = 0
        // Page through in seq order, taking the lock per page so appends are not held up by a long walk.
        // Appends only ever add rows after the end, so paging by seq sees a consistent chain.
        while !verifier.isFinished {
            let rows = try await handle.run("verify audit log") { connection in
                try await connection.query(
                    "SELECT \(Self.columns) FROM audit_log WHERE seq > ?1 ORDER BY seq ASC LIMIT 1000",
                    [.int64(cursor)]
                )
            }
            guard !rows.isEmpty else { break }
            for row in rows {
                guard let seq = row.column("seq")?.integer else {
                    throw CapstanStoreError.corrupt("audit_log: a row without a seq")
                }
                cursor = Int64(seq)
                if let auditRow = try? Self.auditRow(row) {
                    verifier.check(auditRow)
                } else {
                    verifier.unreadable(seq: cursor)
                }
                if verifier.isFinished { break }
            }
        }
        return verifier.report
    }

    private static func auditRow(_ row: SQLiteRow) throws(CapstanStoreError) -> AuditRow {
        AuditRow(
            seq: try row.int64("seq"), timeMicros: try row.int64("time_us"), user: try row.optionalText("user_name"),
            role: try row.optionalText("role"), clientAddress: try row.optionalText("client_address"),
            requestID: try row.optionalText("request_id"), action: try row.text("action"),
            engine: try row.optionalText("engine"), objectID: try row.optionalText("object_id"),
            objectName: try row.optionalText("object_name"), parametersJSON: try row.text("parameters"),
            result: try row.text("result"), error: try row.optionalText("error"),
            prevHash: try row.text("prev_hash"), hash: try row.text("hash")
        )
    }
}
