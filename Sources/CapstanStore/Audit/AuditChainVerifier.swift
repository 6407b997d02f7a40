/// Checks audit rows fed in ascending `seq` order and remembers the first break. Pure: the repositories only
/// page rows in and read the ``report``.
struct AuditChainVerifier: Sendable {
    private var checkedCount = 0
    private var lastSeq: Int64 = 0
    private var lastHash = AuditChain.genesisHash
    private(set) var firstBreak: AuditChainBreak?

    /// `true` once a break was found: later rows cannot change the answer.
    var isFinished: Bool { firstBreak != nil }

    /// Checks the next row.
    mutating func check(_ row: AuditRow) {
        guard firstBreak == nil else { return }
        checkedCount += 1
        if row.seq != lastSeq + 1 {
            firstBreak = AuditChainBreak(seq: row.seq, reason: .missingRows)
            return
        }
        guard let parameters = row.decodedParameters() else {
            firstBreak = AuditChainBreak(seq: row.seq, reason: .unreadable)
            return
        }
        // The content check comes before the link check: an edited row is reported as edited even when the
        // editor also "fixed" its prevHash.
        let expected = AuditChain.hash(prevHash: row.prevHash, canonicalJSON: row.canonical(parameters: parameters).text)
        if expected != row.hash {
            firstBreak = AuditChainBreak(seq: row.seq, reason: .hashMismatch)
            return
        }
        if row.prevHash != lastHash {
            firstBreak = AuditChainBreak(seq: row.seq, reason: .prevHashMismatch)
            return
        }
        lastSeq = row.seq
        lastHash = row.hash
    }

    /// Records a row whose columns could not be read at all (a NULL where the schema forbids it, a wrong type).
    mutating func unreadable(seq: Int64) {
        guard firstBreak == nil else { return }
        checkedCount += 1
        firstBreak = AuditChainBreak(seq: seq, reason: .unreadable)
    }

    /// The result so far.
    var report: AuditVerification {
        AuditVerification(checkedCount: checkedCount, lastSeq: lastSeq, lastHash: lastHash, firstBreak: firstBreak)
    }
}
