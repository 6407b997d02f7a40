import DockerEngine
import Foundation
import LiveHub
import Testing

@Suite("LogRing and LogFilter")
struct LogRingAndFilterTests {
    private func line(_ text: String, _ stream: LogStream = .stdout, at seconds: Int64 = 1) -> LogLine {
        LogLine(timestamp: DockerTimestamp(seconds: seconds, nanoseconds: 0), stream: stream, text: text)
    }

    @Test func numbersLinesAndEvictsTheOldest() {
        var ring = LogRing(capacity: 3)
        let added = ring.append((1...5).map { line("l\($0)") })
        #expect(added.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(ring.count == 3)
        #expect(ring.first?.seq == 3)
        #expect(ring.last(2).map(\.line.text) == ["l4", "l5"])
        #expect(ring.after(3)?.map(\.seq) == [4, 5])
        #expect(ring.after(2)?.map(\.seq) == [3, 4, 5])
        #expect(ring.after(1) == nil)  // line 2 is gone: the caller must report a gap
        #expect(ring.after(5) == [])
        #expect(ring.after(6) == nil)  // never handed out: another numbering, the caller must report a gap
        #expect(ring.nextSeq == 6)
    }

    @Test func filtersBySubstringRegexStreamAndTime() throws {
        let filter = try LogFilter(contains: "GET", regex: "status=5\\d\\d", stream: .stdout, since: DockerTimestamp(seconds: 5, nanoseconds: 0))
        #expect(filter.matches(line("GET /a status=503", at: 6)))
        #expect(!filter.matches(line("GET /a status=200", at: 6)))
        #expect(!filter.matches(line("POST /a status=503", at: 6)))
        #expect(!filter.matches(line("GET /a status=503", .stderr, at: 6)))
        #expect(!filter.matches(line("GET /a status=503", at: 4)))
        #expect(LogFilter().isEmpty)
        #expect(throws: LogFilter.InvalidRegex.self) { try LogFilter(contains: nil, regex: "([unclosed", stream: nil, since: nil) }
    }

    @Test func filtersThatPassTheSameLinesShareAKey() throws {
        let a = try LogFilter(contains: "GET", regex: "^x", stream: .stderr, since: nil)
        let b = try LogFilter(contains: "GET", regex: "^x", stream: .stderr, since: nil)
        #expect(a.key == b.key)
        #expect(try LogFilter(contains: "GET", regex: "^y", stream: .stderr, since: nil).key != a.key)
        #expect(try LogFilter(contains: "GET", regex: "^x", stream: .stdout, since: nil).key != a.key)
        #expect(try LogFilter(contains: "", regex: "", stream: nil, since: nil).key == LogFilter().key, "empty text is no filter")
    }
}
