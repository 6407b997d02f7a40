/// One page of audit entries, newest first.
public struct AuditPage: Sendable, Hashable {
    /// The entries, in descending `seq` order.
    public var entries: [AuditEntry]
    /// The cursor for the next page (pass it as ``AuditQuery/after``), or `nil` when this is the last page.
    public var next: Int64?

    /// Creates a page.
    public init(entries: [AuditEntry], next: Int64?) {
        self.entries = entries
        self.next = next
    }
}
