import CapstanStore
import Foundation
import Testing

/// The implementations the contract suite runs against. Every contract test takes one as its argument.
enum StoreBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// A new, migrated, empty store of this kind, with raw database access for the tamper tests.
    func make(maximumConnections: Int = 4) async throws -> TestStore {
        switch self {
        case .sqlite: try await TestStore.sqlite()
        case .postgres: try await TestStore.postgres(maximumConnections: maximumConnections)
        }
    }
}

/// Runs `body` with a fresh store of `backend`, tearing it down afterwards whatever happens.
func withStore(
    _ backend: StoreBackend,
    maximumConnections: Int = 4,
    _ body: (TestStore) async throws -> Void
) async throws {
    let store = try await backend.make(maximumConnections: maximumConnections)
    do {
        try await body(store)
    } catch {
        await store.tearDown()
        throw error
    }
    await store.tearDown()
}
