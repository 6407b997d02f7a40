import DockerEngine

/// A subscriber's filter on engine events.
public struct EventFilter: Sendable, Hashable {
    /// Only these types (empty: all).
    public var types: Set<String>
    /// Only actions starting with one of these (empty: all).
    public var actions: [String]
    /// Only this object (id, id prefix or name).
    public var object: String?
    /// Let healthcheck exec events through.
    public var includeExec: Bool

    /// Creates a filter.
    public init(types: [String] = [], actions: [String] = [], object: String? = nil, includeExec: Bool = false) {
        self.types = Set(types)
        self.actions = actions
        self.object = object
        self.includeExec = includeExec
    }

    /// Whether `event` passes.
    public func matches(_ event: DockerEvent) -> Bool {
        if !includeExec && event.isExecEvent { return false }
        if !types.isEmpty && !types.contains(event.type) { return false }
        if !actions.isEmpty && !actions.contains(where: { event.action.hasPrefix($0) }) { return false }
        if let object {
            let name = event.actor.attributes?["name"]
            if !(event.actor.id.hasPrefix(object) || name == object) { return false }
        }
        return true
    }
}
