import CapstanWire

/// The 409 for removing an object containers still use, naming those containers.
///
/// The engine's own message names at most an id (`volume is in use - [3f1e…]`) or nothing
/// (`has active endpoints`); a person wants the names and what to do next.
enum InUseConflict {
    /// A conflict naming `users` (container names); the engine's message when the users are unknown.
    static func error(_ object: String, users: [String], hint: String, engineMessage: String, engine: String) -> APIError {
        guard !users.isEmpty else { return APIError(.conflict, code: "conflict", message: engineMessage, engine: engine) }
        let shown = users.sorted().prefix(10).joined(separator: ", ") + (users.count > 10 ? " and \(users.count - 10) more" : "")
        let noun = users.count == 1 ? "container" : "containers"
        return APIError(.conflict, code: "conflict", message: "\(object) is in use by \(noun) \(shown); \(hint)", engine: engine)
    }
}
