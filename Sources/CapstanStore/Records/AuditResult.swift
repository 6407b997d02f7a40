/// How an audited action ended.
public enum AuditResult: String, Sendable, Codable, CaseIterable {
    /// The action was carried out.
    case success
    /// The action was allowed but failed (engine error, bad password, …).
    case failure
    /// The caller was not allowed to do it.
    case denied
}
