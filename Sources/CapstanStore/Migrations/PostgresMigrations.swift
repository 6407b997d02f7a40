/// The PostgreSQL schema, as an ordered list of migrations. Keep in step with ``SQLiteMigrations``.
///
/// Timestamps are `BIGINT` microseconds since 1970 in both dialects (see `Date.microsecondsSince1970`).
enum PostgresMigrations {
    static let createTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """

    static let all: [Migration] = [
        Migration(
            version: 1,
            name: "initial",
            statements: [
                """
                CREATE TABLE users (
                    id UUID PRIMARY KEY,
                    name TEXT NOT NULL,
                    name_key TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    role TEXT NOT NULL,
                    disabled BOOLEAN NOT NULL DEFAULT FALSE,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL,
                    password_changed_at BIGINT NOT NULL
                )
                """,
                """
                CREATE TABLE refresh_tokens (
                    id UUID PRIMARY KEY,
                    user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    family_id UUID NOT NULL,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    used_at BIGINT,
                    revoked_at BIGINT,
                    replaced_by UUID
                )
                """,
                "CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)",
                "CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)",
                "CREATE INDEX refresh_tokens_expires ON refresh_tokens (expires_at)",
                """
                CREATE TABLE audit_log (
                    seq BIGINT PRIMARY KEY,
                    time_us BIGINT NOT NULL,
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
                    updated_at BIGINT NOT NULL
                )
                """,
            ]
        ),
        Migration(
            version: 2,
            name: "audit_append_only",
            statements: [
                // Defence in depth, as in SQLite: the database itself refuses UPDATE and DELETE on the audit log.
                """
                CREATE FUNCTION capstan_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_log is append-only';
                END
                $$
                """,
                """
                CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
                FOR EACH ROW EXECUTE FUNCTION capstan_audit_log_append_only()
                """,
                """
                CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
                FOR EACH STATEMENT EXECUTE FUNCTION capstan_audit_log_append_only()
                """,
            ]
        ),
    ]
}
