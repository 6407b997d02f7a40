/// What a prune removed and how much space it gave back.
public struct PruneReportView: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// `containers`, `images`, `volumes` or `networks`.
    public var kind: String
    /// Ids or names removed (for images: untagged references and deleted ids).
    public var deleted: [String]
    /// Bytes reclaimed (0 for networks).
    public var spaceReclaimed: Int64

    /// Creates a view.
    public init(engine: String, kind: String, deleted: [String], spaceReclaimed: Int64) {
        self.engine = engine
        self.kind = kind
        self.deleted = deleted
        self.spaceReclaimed = spaceReclaimed
    }
}

/// What removing an image did.
public struct ImageRemovalView: Codable, Sendable, Hashable {
    /// References untagged.
    public var untagged: [String]
    /// Image ids deleted.
    public var deleted: [String]

    /// Creates a view.
    public init(untagged: [String], deleted: [String]) {
        self.untagged = untagged
        self.deleted = deleted
    }
}
