import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a query and collects every row. Statements here return few rows (pages are capped at 1001).
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        var rows: [PostgresRow] = []
        for try await row in try await self.query(query, logger: logger) {
            rows.append(row)
        }
        return rows
    }
}
