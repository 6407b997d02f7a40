@testable import CapstanStore
import Testing

extension StoreContractTests {
    @Test("settings: get, set, overwrite, list", arguments: StoreBackend.allCases)
    func settings(_ backend: StoreBackend) async throws {
        try await withStore(backend) { store in
            #expect(try await store.settings.get("jwt.key") == nil)
            try await store.settings.set("jwt.key", to: "secret-1")
            try await store.settings.set("setup.done", to: "false")
            #expect(try await store.settings.get("jwt.key") == Setting(key: "jwt.key", value: "secret-1"))
            try await store.settings.set(Setting(key: "jwt.key", value: "secret-2"))
            #expect(try await store.settings.get("jwt.key")?.value == "secret-2")
            #expect(try await store.settings.list().map(\.key) == ["jwt.key", "setup.done"])
            for probe in Fixtures.sqlLooking {
                #expect(try await store.settings.get(probe) == nil)
            }
            try await store.settings.set("%", to: "' OR 1=1 --")
            #expect(try await store.settings.get("%")?.value == "' OR 1=1 --")
            #expect(try await store.settings.get("_") == nil)
            #expect(try await store.settings.list().count == 3)
        }
    }
}
