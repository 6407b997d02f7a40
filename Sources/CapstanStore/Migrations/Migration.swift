/// One versioned schema change: statements run in one transaction, recorded in `schema_migrations`.
///
/// Versions only ever grow and a released migration is never edited: a database that has applied version N is
/// assumed to have exactly these statements applied.
struct Migration: Sendable {
    /// Strictly increasing, starting at 1.
    var version: Int
    /// A short name for `schema_migrations` and logs.
    var name: String
    /// Run in order; one statement each (PostgreSQL's extended protocol takes one statement per query).
    var statements: [String]
}
