import Foundation

/// Formats audit times for exports: ISO 8601 in UTC with exactly six fractional digits
/// (`2026-05-01T12:00:00.123456Z`), i.e. the full precision the store keeps, so an export can be re-hashed.
enum AuditTimestamp {
    static func string(from date: Date) -> String {
        let micros = date.microsecondsSince1970
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 {
            seconds -= 1
            fraction += 1_000_000
        }
        // ISO8601FormatStyle defaults to UTC and "yyyy-MM-ddTHH:mm:ssZ"; drop its "Z" to insert the fraction.
        let whole = Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(.iso8601).dropLast()
        let digits = String(fraction)
        return whole + "." + String(repeating: "0", count: 6 - digits.count) + digits + "Z"
    }
}
