#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An instant as the Docker engine writes it: whole seconds since 1970 plus nanoseconds, without loss.
///
/// The engine's timestamps carry nanoseconds (`2026-11-22T02:21:03.056988397Z`) and are the resume cursor for
/// `since`, so they must survive a round trip exactly; `Date` (a `Double`) cannot hold them. Parsing and formatting
/// are hand-written (days-from-civil arithmetic, no `DateFormatter`) because every log line carries one.
///
/// Go's zero time, `0001-01-01T00:00:00Z`, is what the engine sends for "no time" (a stopped container's stats,
/// the first sample's `preread`): it parses, and ``isZero`` is `true` for it.
public struct DockerTimestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (negative before it).
    public var seconds: Int64
    /// Nanoseconds added to ``seconds``, always in `0..<1_000_000_000` when built by the initialisers.
    public var nanoseconds: Int32

    static let nanosecondsPerSecond: Int64 = 1_000_000_000
    /// Seconds from 1970 back to 0001-01-01T00:00:00Z, Go's `time.Time{}`.
    static let goZeroSeconds: Int64 = -62_135_596_800

    /// Creates a timestamp, carrying nanoseconds outside `0..<1_000_000_000` into ``seconds`` so that equal
    /// instants are equal values.
    public init(seconds: Int64, nanoseconds: Int32) {
        var (carry, nanos) = Int64(nanoseconds).quotientAndRemainder(dividingBy: Self.nanosecondsPerSecond)
        if nanos < 0 {
            nanos += Self.nanosecondsPerSecond
            carry -= 1
        }
        let (sum, overflow) = seconds.addingReportingOverflow(carry)
        self.seconds = overflow ? (carry < 0 ? .min : .max) : sum
        self.nanoseconds = Int32(nanos)
    }

    /// Creates a timestamp from nanoseconds since 1970 (the range of Go's `UnixNano`, years 1677–2262).
    public init(nanosecondsSinceEpoch: Int64) {
        var (seconds, nanos) = nanosecondsSinceEpoch.quotientAndRemainder(dividingBy: Self.nanosecondsPerSecond)
        if nanos < 0 {
            nanos += Self.nanosecondsPerSecond
            seconds -= 1
        }
        self.seconds = seconds
        self.nanoseconds = Int32(nanos)
    }

    /// Nanoseconds since 1970, saturating at `Int64.min`/`Int64.max` outside years 1677–2262 (Go's zero time
    /// gives `Int64.min`), so that differences of real timestamps are exact and nothing traps.
    public var nanosecondsSinceEpoch: Int64 {
        let (scaled, overflow) = self.seconds.multipliedReportingOverflow(by: Self.nanosecondsPerSecond)
        if overflow { return self.seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(Int64(self.nanoseconds))
        return overflow2 ? .max : sum
    }

    /// Whether this is "no time": Go's zero time (`0001-01-01T00:00:00Z`) or the Unix epoch, which the engine
    /// also uses for unset times in some fields.
    public var isZero: Bool {
        self.nanoseconds == 0 && (self.seconds == Self.goZeroSeconds || self.seconds == 0)
    }

    /// Creates a timestamp from a `Date`, rounded to the nearest nanosecond (a `Date` is less precise than that).
    public init(date: Date) {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else {
            self.init(seconds: interval < 0 ? .min : .max, nanoseconds: 0)
            return
        }
        var whole = interval.rounded(.down)
        var nanos = ((interval - whole) * 1e9).rounded()
        if nanos >= 1e9 {
            whole += 1
            nanos = 0
        }
        // Int64(Double) traps out of range; 9.2e18 s is far beyond any date anyway.
        let seconds: Int64 = whole >= 9.2e18 ? .max : whole <= -9.2e18 ? .min : Int64(whole)
        self.init(seconds: seconds, nanoseconds: Int32(nanos))
    }

    /// The instant as a `Date` (which keeps only about a microsecond of precision today).
    public var date: Date {
        Date(timeIntervalSince1970: Double(self.seconds) + Double(self.nanoseconds) / 1e9)
    }

    /// Parses Docker's RFC 3339 form: `2026-11-22T02:21:03.056988397Z`, with 0–9 (or more, truncated) fraction
    /// digits and `Z` or a `±hh:mm` offset. Returns `nil` for anything else, including out-of-range fields.
    public init?(rfc3339: some StringProtocol) {
        let parsed = rfc3339.utf8.withContiguousStorageIfAvailable { Self.parse($0) }
        if let parsed {
            guard let parsed else { return nil }
            self = parsed
        } else {
            guard let parsed = Array(rfc3339.utf8).withUnsafeBufferPointer({ Self.parse($0) }) else { return nil }
            self = parsed
        }
    }

    /// The RFC 3339 form in UTC with exactly nine fraction digits, as the engine writes it
    /// (`2026-11-22T02:21:03.056988397Z`; Go's zero time gives `0001-01-01T00:00:00.000000000Z`).
    public var rfc3339: String {
        // Normalised first: the stored properties are public and may have been set out of range.
        let value = DockerTimestamp(seconds: self.seconds, nanoseconds: self.nanoseconds)
        let (days, secondOfDay) = Self.floorDivide(value.seconds, 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(30)
        if year < 0 { out.append(UInt8(ascii: "-")) }
        Self.appendDigits(year.magnitude, width: 4, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.appendDigits(UInt64(month), width: 2, to: &out)
        out.append(UInt8(ascii: "-"))
        Self.appendDigits(UInt64(day), width: 2, to: &out)
        out.append(UInt8(ascii: "T"))
        Self.appendDigits(UInt64(secondOfDay / 3600), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendDigits(UInt64(secondOfDay % 3600 / 60), width: 2, to: &out)
        out.append(UInt8(ascii: ":"))
        Self.appendDigits(UInt64(secondOfDay % 60), width: 2, to: &out)
        out.append(UInt8(ascii: "."))
        Self.appendDigits(UInt64(value.nanoseconds), width: 9, to: &out)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The form the engine's `since` and `until` query parameters take: `seconds.nnnnnnnnn`, nine digits.
    ///
    /// The engine scales the fraction by its digit count, so nine digits keep the exact nanosecond; an RFC 3339
    /// string would be rejected with a 500.
    public var queryValue: String {
        let value = DockerTimestamp(seconds: self.seconds, nanoseconds: self.nanoseconds)
        var out = Array(String(value.seconds).utf8)
        out.append(UInt8(ascii: "."))
        Self.appendDigits(UInt64(value.nanoseconds), width: 9, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses a `since`/`until` value the way the engine does: `123`, `123.5` (500 ms: the fraction is scaled by
    /// its digit count, 1–9 digits), `-1.5` (which, like Go's `time.Unix(-1, 5e8)`, means -0.5 s).
    public static func parseQuery(_ value: some StringProtocol) -> DockerTimestamp? {
        let parts = value.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, let seconds = Int64(String(first)) else { return nil }
        guard parts.count == 2 else { return DockerTimestamp(seconds: seconds, nanoseconds: 0) }
        let fraction = parts[1].utf8
        guard (1...9).contains(fraction.count) else { return nil }
        var nanos: Int32 = 0
        for byte in fraction {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            nanos = nanos * 10 + Int32(byte - UInt8(ascii: "0"))
        }
        for _ in fraction.count..<9 { nanos *= 10 }
        return DockerTimestamp(seconds: seconds, nanoseconds: nanos)
    }

    /// Orders by instant.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The ``rfc3339`` form.
    public var description: String { self.rfc3339 }

    /// Decodes the RFC 3339 string the engine sends.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = DockerTimestamp(rfc3339: text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "not an RFC 3339 timestamp: \(text.prefix(64))"
            )
        }
        self = value
    }

    /// Encodes as the ``rfc3339`` string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.rfc3339)
    }
}
