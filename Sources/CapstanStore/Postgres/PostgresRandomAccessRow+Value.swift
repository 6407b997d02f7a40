import PostgresNIO

extension PostgresRandomAccessRow {
    /// Decodes the column `name`, reporting a failure as ``CapstanStoreError/corrupt``.
    func value<T: PostgresDecodable>(_ name: String, as type: T.Type = T.self) throws -> T {
        do {
            return try self[name].decode(T.self)
        } catch {
            throw CapstanStoreError.corrupt("column \(name): cannot decode as \(T.self)")
        }
    }
}
