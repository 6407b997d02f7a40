import Foundation

/// One row of the audit log: who did what, from where, to which object, and how it ended.
///
/// Build an entry with its initializer and hand it to ``AuditRepository/append(_:)``, which assigns ``seq``, ``prevHash`` and ``hash`` (any values
/// set on the input are ignored) and returns the stored row. Rows are chained: `hash` is
/// SHA-256 of `prevHash` followed by the canonical JSON of the row's other fields (see ``AuditChain``), so
/// editing or deleting a row is detected by ``AuditRepository/verify()``.
public struct AuditEntry: Sendable, Codable, Hashable {
    /// Position in the log, assigned by the store: 1, 2, 3, … without gaps.
    public var seq: Int64
    /// When it happened (kept to the microsecond).
    public var time: Date
    /// The user name that acted, if known (a failed sign-in records the name that was tried).
    public var user: String?
    /// The user's role at the time.
    public var role: Role?
    /// The client's address as the server saw it.
    public var clientAddress: String?
    /// The request id, to correlate with logs.
    public var requestID: String?
    /// What was done, e.g. `container.stop`, `auth.login`, `user.create`.
    public var action: String
    /// The engine acted on, if any.
    public var engine: String?
    /// The object acted on (container id, user id, …).
    public var objectID: String?
    /// The object's human name (container name, user name, …).
    public var objectName: String?
    /// Extra parameters of the action (signal, new role, …). Never secrets.
    public var parameters: [String: String]
    /// How it ended.
    public var result: AuditResult
    /// The error, when `result` is not `success`.
    public var error: String?
    /// ``hash`` of the previous row (``AuditChain/genesisHash`` for the first).
    public var prevHash: String
    /// Lowercase hex SHA-256 over `prevHash` and this row's canonical JSON.
    public var hash: String

    /// Creates an entry to append; `seq`, `prevHash` and `hash` are filled in by the store.
    public init(
        time: Date = Date(),
        user: String? = nil,
        role: Role? = nil,
        clientAddress: String? = nil,
        requestID: String? = nil,
        action: String,
        engine: String? = nil,
        objectID: String? = nil,
        objectName: String? = nil,
        parameters: [String: String] = [:],
        result: AuditResult,
        error: String? = nil
    ) {
        self.seq = 0
        self.time = time
        self.user = user
        self.role = role
        self.clientAddress = clientAddress
        self.requestID = requestID
        self.action = action
        self.engine = engine
        self.objectID = objectID
        self.objectName = objectName
        self.parameters = parameters
        self.result = result
        self.error = error
        self.prevHash = ""
        self.hash = ""
    }
}
