import Foundation

/// A filter and page request for ``AuditRepository/query(_:)``. Every criterion left `nil` matches everything;
/// the criteria that are set must all match. Values are compared literally: `%`, `_` and quotes have no meaning.
public struct AuditQuery: Sendable, Hashable {
    /// The largest page a query returns.
    public static let maximumLimit = 1000

    /// Only entries by this user name (exact, case-sensitive).
    public var user: String?
    /// Only entries with this action (exact), e.g. `container.stop`.
    public var action: String?
    /// Only entries whose object id starts with this (so a 12-character short container id finds the full id).
    public var objectID: String?
    /// Only entries whose object name is exactly this.
    public var objectName: String?
    /// Only entries at or after this instant.
    public var since: Date?
    /// Only entries strictly before this instant.
    public var until: Date?
    /// Only entries with this result.
    public var result: AuditResult?
    /// The page size, clamped to `1...`\(``maximumLimit``).
    public var limit: Int
    /// Cursor: only entries that come after this one in newest-first order, i.e. with a smaller `seq`.
    /// Pass the previous page's ``AuditPage/next``.
    public var after: Int64?

    /// Creates a query; with no arguments, the newest 100 entries.
    public init(
        user: String? = nil,
        action: String? = nil,
        objectID: String? = nil,
        objectName: String? = nil,
        since: Date? = nil,
        until: Date? = nil,
        result: AuditResult? = nil,
        limit: Int = 100,
        after: Int64? = nil
    ) {
        self.user = user
        self.action = action
        self.objectID = objectID
        self.objectName = objectName
        self.since = since
        self.until = until
        self.result = result
        self.limit = limit
        self.after = after
    }

    /// ``limit`` clamped to what a query may return.
    public var effectiveLimit: Int {
        min(max(limit, 1), Self.maximumLimit)
    }
}
