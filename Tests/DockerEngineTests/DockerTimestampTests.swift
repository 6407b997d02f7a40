import DockerEngine
import Foundation
import Testing

@Suite struct DockerTimestampTests {
    /// Seconds since 1970 of a UTC date, from Foundation's calendar: an oracle independent of the parser.
    static func utcSeconds(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0) -> Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: y, month: mo, day: d, hour: h, minute: mi, second: s))!
        return Int64(date.timeIntervalSince1970.rounded())
    }

    @Test func parsesDockersNanosecondForm() throws {
        let value = try #require(DockerTimestamp(rfc3339: "2026-11-22T02:21:03.056988397Z"))
        #expect(value.seconds == Self.utcSeconds(2026, 11, 22, 2, 21, 3))
        #expect(value.nanoseconds == 56_988_397)
        #expect(value.rfc3339 == "2026-11-22T02:21:03.056988397Z")
        #expect(value.description == value.rfc3339)
    }

    @Test(arguments: [
        ("2026-11-22T02:21:03Z", Int32(0)),
        ("2026-11-22T02:21:03.5Z", 500_000_000),
        ("2026-11-22T02:21:03.05Z", 50_000_000),
        ("2026-11-22T02:21:03.123456Z", 123_456_000),
        ("2026-11-22T02:21:03.000000001Z", 1),
        ("2026-11-22T02:21:03.1234567891234Z", 123_456_789),
    ])
    func parsesAnyNumberOfFractionDigits(text: String, nanoseconds: Int32) throws {
        let value = try #require(DockerTimestamp(rfc3339: text))
        #expect(value.seconds == Self.utcSeconds(2026, 11, 22, 2, 21, 3))
        #expect(value.nanoseconds == nanoseconds)
    }

    @Test func appliesOffsets() throws {
        let utc = try #require(DockerTimestamp(rfc3339: "2026-11-22T02:21:03.25Z"))
        let plus = try #require(DockerTimestamp(rfc3339: "2026-11-22T03:51:03.25+01:30"))
        let minus = try #require(DockerTimestamp(rfc3339: "2026-11-21T21:21:03.25-05:00"))
        #expect(plus == utc)
        #expect(minus == utc)
        #expect(plus.rfc3339 == "2026-11-22T02:21:03.250000000Z")
    }

    @Test(arguments: [
        "", "2026-11-22", "2026-11-22T02:21:03", "2026-11-22 02:21:03Z", "2026-13-01T00:00:00Z",
        "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-22T24:00:00Z", "2026-11-22T02:60:00Z",
        "2026-11-22T02:21:60Z", "2026-11-22T02:21:03.Z", "2026-11-22T02:21:03Zjunk", "2026-11-22T02:21:03+0100",
        "2026-11-22T02:21:03+24:00", "20x6-11-22T02:21:03Z", "１２３４-11-22T02:21:03Z",
    ])
    func rejectsMalformedText(text: String) {
        #expect(DockerTimestamp(rfc3339: text) == nil)
    }

    @Test func knowsLeapYears() {
        #expect(DockerTimestamp(rfc3339: "2024-02-29T12:00:00Z")?.seconds == Self.utcSeconds(2024, 2, 29, 12))
        #expect(DockerTimestamp(rfc3339: "2000-02-29T00:00:00Z")?.seconds == Self.utcSeconds(2000, 2, 29))
        #expect(DockerTimestamp(rfc3339: "1900-02-29T00:00:00Z") == nil)
    }

    /// From 1583 on: Foundation's Gregorian calendar switches to Julian before October 1582, RFC 3339 does not.
    @Test func matchesTheCalendarAcrossTheYears() throws {
        var generator = DecoderTestFixtures.SeededRandom(seed: 1970)
        for _ in 0..<300 {
            let (y, mo, d) = (
                Int.random(in: 1583...9999, using: &generator), Int.random(in: 1...12, using: &generator),
                Int.random(in: 1...28, using: &generator)
            )
            let (h, mi, s) = (
                Int.random(in: 0...23, using: &generator), Int.random(in: 0...59, using: &generator),
                Int.random(in: 0...59, using: &generator)
            )
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s)
            let value = try #require(DockerTimestamp(rfc3339: text))
            #expect(value.seconds == Self.utcSeconds(y, mo, d, h, mi, s), "\(text)")
            #expect(value.rfc3339 == String(text.dropLast()) + ".000000000Z")
        }
    }

    @Test func roundTripsThroughItsTextForm() throws {
        var generator = DecoderTestFixtures.SeededRandom(seed: 2026)
        let lowest = DockerTimestamp(rfc3339: "0001-01-01T00:00:00Z")!.seconds
        let highest = DockerTimestamp(rfc3339: "9999-12-31T23:59:59Z")!.seconds
        for _ in 0..<1000 {
            let value = DockerTimestamp(
                seconds: Int64.random(in: lowest...highest, using: &generator),
                nanoseconds: Int32.random(in: 0..<1_000_000_000, using: &generator)
            )
            #expect(DockerTimestamp(rfc3339: value.rfc3339) == value)
            #expect(DockerTimestamp.parseQuery(value.queryValue) == value)
        }
    }

    @Test func recognisesTheZeroTime() throws {
        let zero = try #require(DockerTimestamp(rfc3339: "0001-01-01T00:00:00Z"))
        #expect(zero.isZero)
        #expect(zero.seconds == -62_135_596_800)  // Go: time.Time{}.Unix()
        #expect(zero.rfc3339 == "0001-01-01T00:00:00.000000000Z")
        #expect(zero.nanosecondsSinceEpoch == .min)  // Saturates instead of trapping.
        #expect(DockerTimestamp(seconds: 0, nanoseconds: 0).isZero)
        #expect(DockerTimestamp(rfc3339: "0001-01-01T00:00:00.000000001Z")?.isZero == false)
        #expect(DockerTimestamp(rfc3339: "2026-11-22T02:21:03Z")?.isZero == false)
    }

    @Test func convertsNanosecondsSinceTheEpoch() {
        let value = DockerTimestamp(nanosecondsSinceEpoch: 1_795_314_061_500_000_007)
        #expect(value.seconds == 1_795_314_061)
        #expect(value.nanoseconds == 500_000_007)
        #expect(value.nanosecondsSinceEpoch == 1_795_314_061_500_000_007)
        let before = DockerTimestamp(nanosecondsSinceEpoch: -1)
        #expect(before.seconds == -1)
        #expect(before.nanoseconds == 999_999_999)
        #expect(before.rfc3339 == "1969-12-31T23:59:59.999999999Z")
    }

    @Test func formatsAValueWhoseFieldsWereSetOutOfRange() {
        var value = DockerTimestamp(seconds: 10, nanoseconds: 0)
        value.nanoseconds = -1
        #expect(value.rfc3339 == "1970-01-01T00:00:09.999999999Z")
        #expect(value.queryValue == "9.999999999")
    }

    @Test func normalisesNanosecondsOutOfRange() {
        #expect(
            DockerTimestamp(seconds: 1, nanoseconds: 1_500_000_000)
                == DockerTimestamp(seconds: 2, nanoseconds: 500_000_000)
        )
        #expect(DockerTimestamp(seconds: 1, nanoseconds: -1) == DockerTimestamp(seconds: 0, nanoseconds: 999_999_999))
    }

    @Test(arguments: 1...9)
    func parsesQueryFractionsByTheirDigitCount(digits: Int) throws {
        let fraction = String((1...digits).map { Character(String($0)) })  // "1", "12", ... "123456789"
        let value = try #require(DockerTimestamp.parseQuery("1795314061.\(fraction)"))
        #expect(value.seconds == 1_795_314_061)
        // Right-padding the digits to nine gives the nanoseconds the engine means.
        #expect(value.nanoseconds == Int32(fraction.padding(toLength: 9, withPad: "0", startingAt: 0)))
    }

    @Test func parsesAndFormatsQueryValues() throws {
        #expect(DockerTimestamp.parseQuery("123") == DockerTimestamp(seconds: 123, nanoseconds: 0))
        #expect(DockerTimestamp.parseQuery("123.5")?.nanoseconds == 500_000_000)
        #expect(DockerTimestamp.parseQuery("0") == DockerTimestamp(seconds: 0, nanoseconds: 0))
        // As Go's time.Unix(-1, 5e8): the fraction is added to the (negative) seconds.
        #expect(DockerTimestamp.parseQuery("-1.5")?.nanosecondsSinceEpoch == -500_000_000)
        for bad in ["", "abc", "1.", ".5", "1.1234567891", "1.x", "1.5.5", "1e3", " 1"] {
            #expect(DockerTimestamp.parseQuery(bad) == nil, "\(bad)")
        }
        #expect(DockerTimestamp(seconds: 123, nanoseconds: 5).queryValue == "123.000000005")
        #expect(DockerTimestamp(rfc3339: "2026-11-22T02:21:03.056988397Z")?.queryValue.hasSuffix(".056988397") == true)
    }

    @Test func ordersByInstant() throws {
        let texts = [
            "2026-11-22T02:21:03.056988397Z", "2026-11-22T02:21:03.056988396Z", "1969-12-31T23:59:59.5Z",
            "0001-01-01T00:00:00Z", "2026-11-22T02:21:04Z", "2026-11-22T03:21:03.1+01:00",
        ]
        let sorted = texts.compactMap { DockerTimestamp(rfc3339: $0) }.sorted()
        #expect(sorted.count == texts.count)
        #expect(sorted.map(\.nanosecondsSinceEpoch) == sorted.map(\.nanosecondsSinceEpoch).sorted())
        #expect(sorted.first?.isZero == true)
        #expect(sorted.last?.rfc3339 == "2026-11-22T02:21:04.000000000Z")
        #expect(DockerTimestamp(seconds: 5, nanoseconds: 1) < DockerTimestamp(seconds: 5, nanoseconds: 2))
        #expect(!(DockerTimestamp(seconds: 5, nanoseconds: 2) < DockerTimestamp(seconds: 5, nanoseconds: 2)))
    }

    @Test func convertsToAndFromDate() {
        let value = DockerTimestamp(date: Date(timeIntervalSince1970: 1_795_314_061.25))
        #expect(value == DockerTimestamp(seconds: 1_795_314_061, nanoseconds: 250_000_000))
        #expect(value.date.timeIntervalSince1970 == 1_795_314_061.25)
        let early = DockerTimestamp(date: Date(timeIntervalSince1970: -0.75))
        #expect(early == DockerTimestamp(seconds: -1, nanoseconds: 250_000_000))
    }

    @Test func codesAsItsTextForm() throws {
        let line = LogLine(timestamp: DockerTimestamp(rfc3339: "2026-11-22T02:21:03.5Z"), stream: .stderr, text: "x")
        let json = String(decoding: try JSONEncoder().encode(line), as: UTF8.self)
        #expect(json.contains(#""2026-11-22T02:21:03.500000000Z""#))
        #expect(try JSONDecoder().decode(LogLine.self, from: Data(json.utf8)) == line)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([DockerTimestamp].self, from: Data(#"["yesterday"]"#.utf8))
        }
    }
}
