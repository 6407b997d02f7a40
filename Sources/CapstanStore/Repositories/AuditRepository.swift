/// The audit log: append-only and hash-chained. There is deliberately no update or delete.
public protocol AuditRepository: Sendable {
    /// Appends an entry and returns it as stored, with ``AuditEntry/seq``, ``AuditEntry/prevHash`` and
    /// ``AuditEntry/hash`` filled in.
    ///
    /// Appends are serialized (one transaction reads the last row and inserts the next), so the chain stays
    /// valid under any number of concurrent callers, processes and replicas. Throws
    /// ``CapstanStoreError/unavailable`` when the row could not be written: the caller must then refuse the
    /// audited action.
    @discardableResult
    func append(_ entry: AuditEntry) async throws -> AuditEntry
    /// Entries matching `query`, newest first, one page at a time (see ``AuditQuery/after``).
    func query(_ query: AuditQuery) async throws -> AuditPage
    /// Walks the whole chain in order and reports the first broken row, if any.
    func verify() async throws -> AuditVerification
}
