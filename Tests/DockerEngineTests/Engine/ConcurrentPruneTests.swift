import DockerEngine
import Testing

/// The engine runs one prune at a time and refuses others with 409 "a prune operation is already
/// running"; the client waits for the other prune instead of failing (found when two test suites
/// pruned at once in CI).
@Suite("Concurrent prunes against the real engine")
struct ConcurrentPruneTests {
    @Test func prunesStartedTogetherAllSucceed() async throws {
        try await TestEngine.withClient { client in
            // A label nothing carries: these prunes must never reach another test's objects.
            let marker = TestEngine.uniqueName("nothing")
            let filters: DockerFilters = ["label": ["capstan.prune=\(marker)"]]
            // Containers and networks share the engine's one prune flag: 24 at once overlap.
            let outcomes = await withTaskGroup(of: String?.self) { group in
                for index in 0..<24 {
                    group.addTask {
                        do {
                            if index % 2 == 0 {
                                _ = try await client.pruneContainers(filters: filters)
                            } else {
                                _ = try await client.pruneNetworks(filters: filters)
                            }
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                var failures: [String] = []
                for await failure in group { if let failure { failures.append(failure) } }
                return failures
            }
            #expect(outcomes.isEmpty, "every prune succeeds: \(outcomes)")
        }
    }
}
