/// One server setting: a string value under a key (e.g. the JWT signing key, the first-run state).
///
/// Values are stored as given; encoding structured values is the caller's business.
public struct Setting: Sendable, Codable, Hashable {
    /// The setting's name.
    public var key: String
    /// The setting's value.
    public var value: String

    /// Creates a setting.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
