import Testing

/// The repository contract, run unchanged against every ``StoreBackend``: SQLite and PostgreSQL must behave the
/// same for every method. The tests live in extensions of this suite, one file per repository.
@Suite("Store contract", .timeLimit(.minutes(2)))
struct StoreContractTests {}
