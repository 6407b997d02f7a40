/// Turns an ``AuditQuery`` into a `WHERE` clause and its bound values, for either dialect.
///
/// Only fixed SQL fragments are ever concatenated; every value from the query goes into ``binds`` and reaches the
/// database as a bind parameter, so quotes, `--`, `%` and `_` in a filter are just characters.
struct AuditFilterSQL: Sendable {
    /// A value to bind, in dialect-neutral form.
    enum Value: Sendable, Hashable {
        case text(String)
        case integer(Int64)
    }

    /// `WHERE …` (or empty) with placeholders numbered from 1.
    private(set) var whereClause = ""
    /// The values for the placeholders, in order; the page size (limit + 1) is last.
    private(set) var binds: [Value] = []
    /// The placeholder of the page size.
    private(set) var limitPlaceholder = ""

    /// - Parameter placeholder: the dialect's spelling of bind parameter N (`?N` for SQLite, `$N` for PostgreSQL).
    init(_ query: AuditQuery, placeholder: (Int) -> String) {
        var conditions: [String] = []
        func bind(_ value: Value) -> String {
            binds.append(value)
            return placeholder(binds.count)
        }
        if let user = query.user { conditions.append("user_name = \(bind(.text(user)))") }
        if let action = query.action { conditions.append("action = \(bind(.text(action)))") }
        if let objectID = query.objectID {
            // A prefix match without LIKE: no wildcard characters to escape, and case-sensitive in both dialects.
            let p = bind(.text(objectID))
            conditions.append("substr(object_id, 1, length(\(p))) = \(p)")
        }
        if let objectName = query.objectName { conditions.append("object_name = \(bind(.text(objectName)))") }
        if let since = query.since { conditions.append("time_us >= \(bind(.integer(since.microsecondsSince1970)))") }
        if let until = query.until { conditions.append("time_us < \(bind(.integer(until.microsecondsSince1970)))") }
        if let result = query.result { conditions.append("result = \(bind(.text(result.rawValue)))") }
        if let after = query.after { conditions.append("seq < \(bind(.integer(after)))") }
        if !conditions.isEmpty {
            whereClause = "WHERE " + conditions.joined(separator: " AND ")
        }
        // One row more than the page, to know whether another page follows.
        limitPlaceholder = bind(.integer(Int64(query.effectiveLimit + 1)))
    }

    /// Cuts the extra row off and computes the cursor.
    static func page(_ entries: [AuditEntry], limit: Int) -> AuditPage {
        guard entries.count > limit else { return AuditPage(entries: entries, next: nil) }
        let page = Array(entries.prefix(limit))
        return AuditPage(entries: page, next: page.last?.seq)
    }
}
