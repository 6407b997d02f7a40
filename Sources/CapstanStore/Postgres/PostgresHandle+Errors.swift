import PostgresNIO

extension PostgresHandle {
    /// Maps any error to ``CapstanStoreError``.
    ///
    /// Messages are built from the SQLSTATE and the server's primary message only: `String(reflecting:)` of a
    /// `PSQLError` would include the query's bound values (password hashes, token hashes).
    static func storeError(_ error: any Error, _ what: String) -> CapstanStoreError {
        if let error = error as? CapstanStoreError { return error }
        if error is PostgresDecodingError {
            return .corrupt("\(what): a column could not be decoded")
        }
        guard let error = error as? PSQLError else {
            return .unavailable("\(what): \(error)")
        }
        let reason = describe(error)
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else {
            // Connection refused or reset, server closed the connection, pool shut down, TLS failure, …
            return .unavailable("\(what): \(reason)")
        }
        switch state {
        case "23505":  // unique_violation
            return .conflict("\(what): \(reason)")
        case "23503":  // foreign_key_violation
            return .notFound("\(what): a referenced row does not exist")
        case "22P02", "22021":  // invalid_text_representation, character_not_in_repertoire: bad stored data
            return .corrupt("\(what): \(reason)")
        default:
            // Connection exceptions (08…), shutdown (57P0x), resources (53…), authentication (28…), serialization
            // (40…), and anything unexpected: the write did not happen, so the caller must fail closed.
            return .unavailable("\(what): \(reason)")
        }
    }

    /// A safe, useful one-line description of a `PSQLError`.
    static func describe(_ error: PSQLError) -> String {
        if let info = error.serverInfo {
            let state = info[.sqlState] ?? "?????"
            let message = info[.message] ?? "server error"
            return "PostgreSQL error \(state): \(message)"
        }
        if let underlying = error.underlying {
            return "\(error.code.description): \(underlying)"
        }
        return error.code.description
    }
}
