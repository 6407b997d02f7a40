import Foundation

extension Date {
    /// Seconds between 1970-01-01 and 2001-01-01, Foundation's reference date.
    private static let referenceOffsetMicroseconds: Int64 = 978_307_200_000_000

    /// Whole microseconds since 1970-01-01T00:00:00Z, rounded to nearest — the form every timestamp is stored in.
    ///
    /// Both dialects store `BIGINT` microseconds rather than `timestamptz`/text: it is exact and identical in
    /// SQLite and PostgreSQL, which the audit hash needs (postgres-nio's `Date` encoding truncates, so a value
    /// could come back one microsecond off). The arithmetic goes through the reference date because `Date`
    /// stores seconds since 2001 as a `Double`: smaller magnitudes keep the rounding error far below 0.5 µs.
    var microsecondsSince1970: Int64 {
        Int64((timeIntervalSinceReferenceDate * 1_000_000).rounded()) + Self.referenceOffsetMicroseconds
    }

    /// The instant `microseconds` after 1970-01-01T00:00:00Z.
    init(microsecondsSince1970 microseconds: Int64) {
        self.init(timeIntervalSinceReferenceDate: Double(microseconds - Self.referenceOffsetMicroseconds) / 1_000_000)
    }

    /// This instant as it reads back from the store.
    var roundedToMicroseconds: Date {
        Date(microsecondsSince1970: microsecondsSince1970)
    }
}
