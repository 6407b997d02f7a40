/// One entry of `GET /api/v1/settings`.
public struct SettingView: Codable, Sendable, Hashable {
    /// The setting's key, e.g. `exec.operators`.
    public var key: String
    /// Its current value.
    public var value: Bool
    /// Its value when nobody changed it.
    public var defaultValue: Bool
    /// What it does.
    public var summary: String

    /// Creates a view.
    public init(key: String, value: Bool, defaultValue: Bool, summary: String) {
        self.key = key
        self.value = value
        self.defaultValue = defaultValue
        self.summary = summary
    }
}

/// The body of `PUT /api/v1/settings/{key}`.
public struct SettingUpdate: Codable, Sendable, Hashable {
    /// The new value.
    public var value: Bool

    /// Creates an update.
    public init(value: Bool) { self.value = value }
}
