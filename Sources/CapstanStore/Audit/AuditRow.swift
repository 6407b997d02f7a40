import Foundation

/// An audit row exactly as stored: plain strings and integers, no enums.
///
/// Both dialects read rows into this shape. Keeping role and result as raw strings lets ``AuditChainVerifier``
/// hash what is really in the database (an edited role reads as a hash mismatch, not as a decoding error).
struct AuditRow: Sendable, Hashable {
    var seq: Int64
    var timeMicros: Int64
    var user: String?
    var role: String?
    var clientAddress: String?
    var requestID: String?
    var action: String
    var engine: String?
    var objectID: String?
    var objectName: String?
    /// The parameters as stored: canonical JSON of a `[String: String]` object.
    var parametersJSON: String
    var result: String
    var error: String?
    var prevHash: String
    var hash: String

    /// The stored form of `entry` (its `seq`, `prevHash` and `hash` are copied as they are).
    init(entry: AuditEntry) {
        self.seq = entry.seq
        self.timeMicros = entry.time.microsecondsSince1970
        self.user = entry.user
        self.role = entry.role?.rawValue
        self.clientAddress = entry.clientAddress
        self.requestID = entry.requestID
        self.action = entry.action
        self.engine = entry.engine
        self.objectID = entry.objectID
        self.objectName = entry.objectName
        self.parametersJSON = CanonicalJSON.object(entry.parameters.mapValues(CanonicalJSON.string)).text
        self.result = entry.result.rawValue
        self.error = entry.error
        self.prevHash = entry.prevHash
        self.hash = entry.hash
    }

    init(
        seq: Int64, timeMicros: Int64, user: String?, role: String?, clientAddress: String?, requestID: String?,
        action: String, engine: String?, objectID: String?, objectName: String?, parametersJSON: String,
        result: String, error: String?, prevHash: String, hash: String
    ) {
        self.seq = seq
        self.timeMicros = timeMicros
        self.user = user
        self.role = role
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.action = action
        self.engine = engine
        self.objectID = objectID
        self.objectName = objectName
        self.parametersJSON = parametersJSON
        self.result = result
        self.error = error
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The row that follows `previous` (or starts the chain), with `seq`, `prevHash` and `hash` computed.
    static func appending(_ entry: AuditEntry, after previous: (seq: Int64, hash: String)?) -> AuditRow {
        var row = AuditRow(entry: entry)
        row.seq = (previous?.seq ?? 0) + 1
        row.prevHash = previous?.hash ?? AuditChain.genesisHash
        row.hash = AuditChain.hash(prevHash: row.prevHash, canonicalJSON: row.canonical(parameters: entry.parameters).text)
        return row
    }

    /// The stored parameters, or `nil` when the column is not a JSON object of strings.
    func decodedParameters() -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(parametersJSON.utf8))
    }

    /// The value hashed for this row.
    func canonical(parameters: [String: String]) -> CanonicalJSON {
        .object([
            "seq": .integer(seq),
            "time": .integer(timeMicros),
            "user": .optional(user),
            "role": .optional(role),
            "clientAddress": .optional(clientAddress),
            "requestID": .optional(requestID),
            "action": .string(action),
            "engine": .optional(engine),
            "objectID": .optional(objectID),
            "objectName": .optional(objectName),
            "parameters": .object(parameters.mapValues(CanonicalJSON.string)),
            "result": .string(result),
            "error": .optional(error),
        ])
    }

    /// The public record. Throws ``CapstanStoreError/corrupt`` for values no code ever writes.
    func entry() throws(CapstanStoreError) -> AuditEntry {
        guard let parameters = decodedParameters() else {
            throw .corrupt("audit row \(seq): parameters are not a JSON object of strings")
        }
        guard let result = AuditResult(rawValue: self.result) else {
            throw .corrupt("audit row \(seq): unknown result")
        }
        var role: Role?
        if let raw = self.role {
            guard let known = Role(rawValue: raw) else { throw .corrupt("audit row \(seq): unknown role") }
            role = known
        }
        var entry = AuditEntry(
            time: Date(microsecondsSince1970: timeMicros), user: user, role: role, clientAddress: clientAddress,
            requestID: requestID, action: action, engine: engine, objectID: objectID, objectName: objectName,
            parameters: parameters, result: result, error: error
        )
        entry.seq = seq
        entry.prevHash = prevHash
        entry.hash = hash
        return entry
    }
}
