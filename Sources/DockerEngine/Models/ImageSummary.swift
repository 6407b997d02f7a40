/// One row of `GET /images/json`.
public struct ImageSummary: Sendable, Hashable, Codable {
    /// `sha256:…`.
    public var id: String
    /// Tags (`repo:tag`); empty or `<none>:<none>` for dangling images.
    public var repoTags: [String]?
    /// Digests (`null` for imported images).
    public var repoDigests: [String]?
    /// Creation time in Unix seconds.
    public var created: Int64
    /// Size in bytes.
    public var size: Int64
    /// Bytes shared with other images (-1 when not computed).
    public var sharedSize: Int64?
    /// Containers using it (-1 unless computed by `system/df`).
    public var containers: Int?
    /// Labels.
    public var labels: [String: String]?
    /// The parent image id.
    public var parentId: String?

    enum CodingKeys: String, CodingKey {
        case id = "Id", repoTags = "RepoTags", repoDigests = "RepoDigests", created = "Created", size = "Size"
        case sharedSize = "SharedSize", containers = "Containers", labels = "Labels", parentId = "ParentId"
    }

    /// Whether it has no tag (a dangling image).
    public var isDangling: Bool {
        (repoTags ?? []).allSatisfy { $0 == "<none>:<none>" }
    }
}

/// One entry of an image removal or prune answer.
public struct ImageDeleteItem: Sendable, Hashable, Codable {
    /// A reference that was untagged.
    public var untagged: String?
    /// An image id that was deleted.
    public var deleted: String?
    enum CodingKeys: String, CodingKey { case untagged = "Untagged", deleted = "Deleted" }
}

/// What an image prune removed.
public struct ImagePruneResponse: Sendable, Hashable, Codable {
    /// Untagged and deleted images.
    public var imagesDeleted: [ImageDeleteItem]?
    /// Bytes reclaimed.
    public var spaceReclaimed: Int64
    enum CodingKeys: String, CodingKey { case imagesDeleted = "ImagesDeleted", spaceReclaimed = "SpaceReclaimed" }
}
