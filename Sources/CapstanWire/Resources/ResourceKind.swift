/// The engine objects the live resource lists cover.
public enum ResourceKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// Images, with in-use and dangling flags and size.
    case images
    /// Volumes, with in-use and reference counts.
    case volumes
    /// Networks, with attached containers.
    case networks
}
