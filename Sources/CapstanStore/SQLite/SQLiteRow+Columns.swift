import Foundation
import SQLiteNIO

/// Typed column access that reports a missing or mistyped value as ``CapstanStoreError/corrupt``.
extension SQLiteRow {
    func text(_ name: String) throws(CapstanStoreError) -> String {
        guard case .text(let value) = column(name) else { throw .corrupt("column \(name): expected text") }
        return value
    }

    func optionalText(_ name: String) throws(CapstanStoreError) -> String? {
        switch column(name) {
        case .text(let value): return value
        case .null: return nil
        default: throw .corrupt("column \(name): expected text or null")
        }
    }

    func int64(_ name: String) throws(CapstanStoreError) -> Int64 {
        guard case .integer(let value) = column(name) else { throw .corrupt("column \(name): expected an integer") }
        return Int64(value)
    }

    func optionalInt64(_ name: String) throws(CapstanStoreError) -> Int64? {
        switch column(name) {
        case .integer(let value): return Int64(value)
        case .null: return nil
        default: throw .corrupt("column \(name): expected an integer or null")
        }
    }

    func bool(_ name: String) throws(CapstanStoreError) -> Bool {
        try int64(name) != 0
    }

    func date(_ name: String) throws(CapstanStoreError) -> Date {
        Date(microsecondsSince1970: try int64(name))
    }

    func optionalDate(_ name: String) throws(CapstanStoreError) -> Date? {
        try optionalInt64(name).map(Date.init(microsecondsSince1970:))
    }

    func uuid(_ name: String) throws(CapstanStoreError) -> UUID {
        guard let value = UUID(uuidString: try text(name)) else { throw .corrupt("column \(name): expected a UUID") }
        return value
    }

    func optionalUUID(_ name: String) throws(CapstanStoreError) -> UUID? {
        guard let text = try optionalText(name) else { return nil }
        guard let value = UUID(uuidString: text) else { throw .corrupt("column \(name): expected a UUID") }
        return value
    }
}
