import CapstanWire
import DockerEngine

extension EngineHub {
    /// The most inspect requests in flight at once while reading a whole list.
    static let inspectConcurrency = 8

    /// Views of listed containers with what only inspect tells (restart count, last start time).
    ///
    /// The engine's list lacks both, so containers are inspected, a few at a time: all of them when the
    /// list is (re)loaded, and after that only those that just started (the only moment either figure
    /// changes), so the refresh after other events stays one list request. A container that cannot be
    /// inspected (removed meanwhile) keeps the figures already known.
    ///
    /// - Parameter inspecting: the ids to inspect; nil for all.
    func views(of summaries: [ContainerSummary], inspecting: Set<String>? = nil) async -> [ContainerView] {
        var views = summaries.map { ContainerView(engine: name, summary: $0) }
        let ids = views.map { inspecting == nil || inspecting?.contains($0.id) == true ? $0.id : "" }
        let client = self.client
        let inspected = await withTaskGroup(of: (Int, ContainerInspect?).self) { group -> [Int: ContainerInspect] in
            var results: [Int: ContainerInspect] = [:]
            for (index, id) in ids.enumerated() where !id.isEmpty {
                // At most `inspectConcurrency` in flight: wait for one before adding the next.
                if index >= Self.inspectConcurrency, let (done, inspect) = await group.next() { results[done] = inspect }
                group.addTask { (index, try? await client.inspectContainer(id)) }
            }
            for await (done, inspect) in group { results[done] = inspect }
            return results
        }
        for (index, inspect) in inspected { views[index] = views[index].with(inspect) }
        return views
    }
}
