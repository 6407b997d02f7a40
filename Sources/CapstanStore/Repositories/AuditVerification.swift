/// The outcome of walking the audit chain with ``AuditRepository/verify()``.
///
/// The chain proves that no row before ``lastSeq`` was edited, removed or inserted. It cannot show that rows were
/// cut off the end: keep ``lastSeq`` and ``lastHash`` somewhere else (a log line, an export) to anchor the head.
public struct AuditVerification: Sendable, Hashable {
    /// How many rows were checked (up to and including the first broken one).
    public var checkedCount: Int
    /// The `seq` of the last row that was found intact (0 for an empty log).
    public var lastSeq: Int64
    /// The hash of that row (``AuditChain/genesisHash`` for an empty log).
    public var lastHash: String
    /// The first broken row, or `nil` when the whole chain is intact.
    public var firstBreak: AuditChainBreak?

    /// Creates a report.
    public init(checkedCount: Int, lastSeq: Int64, lastHash: String, firstBreak: AuditChainBreak?) {
        self.checkedCount = checkedCount
        self.lastSeq = lastSeq
        self.lastHash = lastHash
        self.firstBreak = firstBreak
    }

    /// `true` when no break was found.
    public var isValid: Bool { firstBreak == nil }
}
