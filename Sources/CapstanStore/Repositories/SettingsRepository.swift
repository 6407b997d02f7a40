/// Key/value server settings.
public protocol SettingsRepository: Sendable {
    /// The setting under `key`, or `nil`.
    func get(_ key: String) async throws -> Setting?
    /// Creates or replaces the setting under `setting.key`.
    func set(_ setting: Setting) async throws
    /// All settings, ordered by key.
    func list() async throws -> [Setting]
}

extension SettingsRepository {
    /// Creates or replaces the value under `key`.
    public func set(_ key: String, to value: String) async throws {
        try await set(Setting(key: key, value: value))
    }
}
