@testable import CapstanStore
import Foundation
import Testing

@Suite("Audit export")
struct AuditExportTests {
    @Test("CSV cells: RFC 4180 quoting", arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r\nlf", "\"cr\r\nlf\""),
        ("", ""),
    ])
    func quoting(_ value: String, _ expected: String) {
        #expect(AuditCSV.cell(value) == expected)
    }

    @Test("CSV cells: formulas are neutralized", arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("a=b", "a=b"),
    ])
    func formulas(_ value: String, _ expected: String) {
        #expect(AuditCSV.cell(value) == expected)
    }

    @Test("CSV document: header, one CRLF line per entry")
    func document() {
        var entry = AuditEntry(
            time: Date(microsecondsSince1970: 1_700_000_000_000_001), user: "=cmd", action: "container.rename",
            objectName: "a,b", parameters: ["to": "x"], result: .failure, error: "line1\nline2"
        )
        entry.seq = 7
        entry.prevHash = "p"
        entry.hash = "h"
        let csv = AuditCSV.document([entry])
        #expect(csv.hasPrefix("seq,time,user,role,client_address,request_id,action,engine,object_id,object_name,parameters,result,error,prev_hash,hash\r\n"))
        #expect(csv.hasSuffix(
            "7,2023-11-14T22:13:20.000001Z,'=cmd,,,,container.rename,,,\"a,b\",\"{\"\"to\"\":\"\"x\"\"}\",failure,\"line1\nline2\",p,h\r\n"
        ))
    }

    @Test("JSON lines round-trip, microseconds included, and re-hash to the stored hash")
    func jsonLines() throws {
        var entry = AuditEntry(
            time: Date(microsecondsSince1970: 1_700_000_000_654_321), user: "alice", role: .operator,
            action: "container.stop", objectID: "abc", parameters: ["t": "10"], result: .success
        )
        entry.seq = 1
        entry.prevHash = AuditChain.genesisHash
        entry.hash = AuditChain.expectedHash(of: entry)
        let text = AuditJSONLines.document([entry, entry])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(text.hasSuffix("\n"))
        #expect(lines[0].contains(#""time":"2023-11-14T22:13:20.654321Z""#))
        let decoded = try AuditJSONLines.makeDecoder().decode(AuditEntry.self, from: Data(lines[0].utf8))
        #expect(decoded == entry)
        #expect(AuditChain.expectedHash(of: decoded) == entry.hash)
    }
}
