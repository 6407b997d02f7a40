/// The SQLite schema, as an ordered list of migrations. Keep in step with ``PostgresMigrations``: the same
/// tables, columns and rules, in each dialect's types.
enum SQLiteMigrations {
    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at INTEGER NOT NULL
        )
        """

    static let all: [Migration] = [
        Migration(
            version: 1,
            name: "initial",
            statements: [
                """
                CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    disabled INTEGER NOT NULL DEFAULT 0,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL,
                    password_changed_at INTEGER NOT NULL
                )
                """,
                """
                CREATE TABLE refresh_tokens (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    family_id TEXT NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    used_at INTEGER,
                    revoked_at INTEGER,
                    replaced_by TEXT
                )
                """,
                "CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)",
                "CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)",
                "CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at)",
                """
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY,
                    time_us INTEGER NOT NULL,
                    user_name TEXT,
                    role TEXT,
                    client_address TEXT,
                    request_id TEXT,
                    action TEXT NOT NULL,
                    engine TEXT,
                    object_id TEXT,
                    object_name TEXT,
                    parameters TEXT NOT NULL,
                    result TEXT NOT NULL,
                    error TEXT,
                    prev_hash TEXT NOT NULL,
                    hash TEXT NOT NULL
                )
                """,
                "CREATE INDEX audit_log_time ON audit_log (time_us)",
                "CREATE INDEX audit_log_user ON audit_log (user_name, seq)",
                "CREATE INDEX audit_log_action ON audit_log (action, seq)",
                "CREATE INDEX audit_log_object ON audit_log (object_id, seq)",
                """
                CREATE TABLE settings (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL,
                    updated_at INTEGER NOT NULL
                )
                """,
            ]
        ),
        Migration(
            version: 2,
            name: "audit_append_only",
            statements: [
                // Defence in depth against a bug in our own code: the application has no update/delete API,
                // and the database refuses them too. Someone with raw access can drop these; verify() catches that.
                """
                CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
                """
                CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END
                """,
            ]
        ),
    ]
}
