import Foundation
import SQLiteNIO

/// Bind values in the forms the SQLite schema stores: UUIDs as lowercase text, instants as integer microseconds.
extension SQLiteData {
    static func uuid(_ value: UUID) -> SQLiteData {
        .text(value.uuidString.lowercased())
    }

    static func optionalUUID(_ value: UUID?) -> SQLiteData {
        value.map(uuid) ?? .null
    }

    static func int64(_ value: Int64) -> SQLiteData {
        .integer(SQLiteInt64(value))
    }

    static func date(_ value: Date) -> SQLiteData {
        int64(value.microsecondsSince1970)
    }

    static func optionalDate(_ value: Date?) -> SQLiteData {
        value.map(date) ?? .null
    }

    static func optionalText(_ value: String?) -> SQLiteData {
        value.map(SQLiteData.text) ?? .null
    }

    static func bool(_ value: Bool) -> SQLiteData {
        .integer(value ? 1 : 0)
    }

    /// A dialect-neutral filter value.
    init(_ value: AuditFilterSQL.Value) {
        switch value {
        case .text(let text): self = .text(text)
        case .integer(let integer): self = .int64(integer)
        }
    }
}
