@testable import CapstanStore
import Crypto
import Foundation
import Testing

@Suite("Audit chain")
struct AuditChainTests {
    private func entry(seq: Int64 = 1, prevHash: String = AuditChain.genesisHash) -> AuditEntry {
        var entry = AuditEntry(
            time: Date(microsecondsSince1970: 1_700_000_000_123_456), user: "alice", role: .admin,
            clientAddress: "10.0.0.1", requestID: "r-1", action: "container.kill", engine: "local",
            objectID: "abc", objectName: "web", parameters: ["signal": "KILL", "b": "2"], result: .success
        )
        entry.seq = seq
        entry.prevHash = prevHash
        return entry
    }

    @Test("the canonical JSON is fixed: sorted keys, nulls, integer microseconds")
    func canonicalJSON() {
        #expect(
            AuditChain.canonicalJSON(of: entry())
                == #"{"action":"container.kill","clientAddress":"10.0.0.1","engine":"local","error":null,"objectID":"abc","objectName":"web","parameters":{"b":"2","signal":"KILL"},"requestID":"r-1","result":"success","role":"admin","seq":1,"time":1700000000123456,"user":"alice"}"#
        )
    }

    @Test("string escaping is minimal and stable")
    func escaping() {
        let text = CanonicalJSON.string("a\"b\\c/d\né\u{01}\t✓").text
        #expect(text == #""a\"b\\c/d\né\u0001\t✓""#)
        let keys = CanonicalJSON.object(["b": .null, "a": .integer(-1), "B": .string("")]).text
        #expect(keys == #"{"B":"","a":-1,"b":null}"#)
    }

    @Test("hash = SHA-256(prevHash ++ canonical JSON)")
    func hashDefinition() {
        let value = entry()
        let expected = SHA256.hash(data: Data((value.prevHash + AuditChain.canonicalJSON(of: value)).utf8))
            .map { String(format: "%02x", $0) }.joined()
        #expect(AuditChain.expectedHash(of: value) == expected)
        var changed = value
        changed.parameters["signal"] = "TERM"
        #expect(AuditChain.expectedHash(of: changed) != expected)
    }

    @Test("the verifier reports the first break")
    func verifier() {
        func chain(_ count: Int) -> [AuditRow] {
            var rows: [AuditRow] = []
            for _ in 0..<count {
                rows.append(AuditRow.appending(entry(), after: rows.last.map { ($0.seq, $0.hash) }))
            }
            return rows
        }
        var ok = AuditChainVerifier()
        chain(4).forEach { ok.check($0) }
        #expect(ok.report.isValid)
        #expect(ok.report.checkedCount == 4)

        var rows = chain(4)
        rows[1].action = "container.start"
        var edited = AuditChainVerifier()
        rows.forEach { edited.check($0) }
        #expect(edited.firstBreak == AuditChainBreak(seq: 2, reason: .hashMismatch))
        #expect(edited.report.lastSeq == 1)

        rows = chain(4)
        rows.remove(at: 2)
        var gap = AuditChainVerifier()
        rows.forEach { gap.check($0) }
        #expect(gap.firstBreak == AuditChainBreak(seq: 4, reason: .missingRows))
    }

    @Test("microsecond timestamps round-trip exactly", arguments: [
        Int64(0), 1, 999_999, 1_700_000_000_123_456, 4_102_444_799_999_999, -1, -86_400_000_001,
    ])
    func microseconds(_ micros: Int64) {
        #expect(Date(microsecondsSince1970: micros).microsecondsSince1970 == micros)
        let date = Date(microsecondsSince1970: micros)
        #expect(date.roundedToMicroseconds == date)
    }

    @Test("roles are ordered by privilege")
    func roles() {
        #expect(Role.viewer < .operator)
        #expect(Role.operator < .admin)
        #expect(Role.allCases.max() == .admin)
        #expect(Role(rawValue: "operator") == .operator)
    }
}
