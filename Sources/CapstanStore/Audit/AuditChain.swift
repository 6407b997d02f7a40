import Crypto
import Foundation

/// The audit log's hash chain, as a pure function of row content — usable to check an export outside the server.
///
/// `hash = lowercase hex SHA-256( UTF-8(prevHash) ++ UTF-8(canonicalJSON(row)) )`, where the canonical JSON is an
/// object with the keys `action, clientAddress, engine, error, objectID, objectName, parameters, requestID,
/// result, role, seq, time, user` (`time` as integer microseconds since 1970-01-01T00:00:00Z, absent values as
/// `null`, `parameters` as an object), serialized as described in the store's `CanonicalJSON` rules.
public enum AuditChain {
    /// The `prevHash` of the first row: 64 zeros.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The canonical JSON text of `entry` (its `prevHash` and `hash` are not part of it).
    public static func canonicalJSON(of entry: AuditEntry) -> String {
        AuditRow(entry: entry).canonical(parameters: entry.parameters).text
    }

    /// The hash `entry` must carry given its content and its `prevHash`.
    public static func expectedHash(of entry: AuditEntry) -> String {
        hash(prevHash: entry.prevHash, canonicalJSON: canonicalJSON(of: entry))
    }

    static func hash(prevHash: String, canonicalJSON: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(prevHash.utf8))
        hasher.update(data: Data(canonicalJSON.utf8))
        return hasher.finalize().lowercaseHex
    }
}

extension Sequence<UInt8> {
    /// Lowercase hexadecimal, two digits per byte.
    var lowercaseHex: String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
