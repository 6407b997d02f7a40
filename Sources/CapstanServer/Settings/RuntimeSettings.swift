import CapstanStore
import Synchronization

/// The current values of the ``ServerSetting``s: read from the store at start, changed through
/// ``set(_:to:)`` (which writes the store first), read without a database round trip on every request.
public final class RuntimeSettings: Sendable {
    private let store: any CapstanStore
    private let values: Mutex<[ServerSetting: Bool]>

    private init(store: any CapstanStore, values: [ServerSetting: Bool]) {
        self.store = store
        self.values = Mutex(values)
    }

    /// Loads the stored values; a stored value that is not `true`/`false` falls back to the default.
    public static func load(from store: any CapstanStore) async throws -> RuntimeSettings {
        var values: [ServerSetting: Bool] = [:]
        for setting in ServerSetting.allCases {
            if let stored = try await store.settings.get(setting.storeKey), let value = Bool(stored.value) {
                values[setting] = value
            }
        }
        return RuntimeSettings(store: store, values: values)
    }

    /// The current value.
    public func value(_ setting: ServerSetting) -> Bool {
        values.withLock { $0[setting] } ?? setting.defaultValue
    }

    /// Stores a new value, then makes it current (a failed write changes nothing).
    public func set(_ setting: ServerSetting, to value: Bool) async throws {
        try await store.settings.set(setting.storeKey, to: String(value))
        values.withLock { $0[setting] = value }
    }
}
