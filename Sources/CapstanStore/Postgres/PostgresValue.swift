import Foundation
import PostgresNIO

/// A bind value in the form the PostgreSQL schema stores (instants as `BIGINT` microseconds), so repositories
/// read like their SQLite twins: `PostgresQuery.sql("… WHERE id = $1", .uuid(id))`.
enum PostgresValue: Sendable {
    case text(String?)
    case int64(Int64?)
    case uuid(UUID?)
    case bool(Bool)
    case date(Date?)

    fileprivate func append(to bindings: inout PostgresBindings) {
        switch self {
        case .text(let value): bindings.append(value)
        case .int64(let value): bindings.append(value)
        case .uuid(let value): bindings.append(value)
        case .bool(let value): bindings.append(value)
        case .date(let value): bindings.append(value?.microsecondsSince1970)
        }
    }
}

extension PostgresQuery {
    /// SQL with `$1…$n` placeholders and their values, sent as bind parameters — values never become SQL text.
    static func sql(_ text: String, _ values: PostgresValue...) -> PostgresQuery {
        sql(text, values)
    }

    /// See ``sql(_:_:)-variadic``.
    static func sql(_ text: String, _ values: [PostgresValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { value.append(to: &bindings) }
        return PostgresQuery(unsafeSQL: text, binds: bindings)
    }
}
