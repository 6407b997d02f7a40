/// Where and how the audit chain is broken.
public struct AuditChainBreak: Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the row.
    public enum Reason: String, Sendable, Hashable {
        /// The row's stored hash does not match its content: the row was edited.
        case hashMismatch
        /// The row does not link to the row before it: a row before it was edited (and rehashed) or removed.
        case prevHashMismatch
        /// One or more rows before this one are missing (its `seq` is not the previous `seq` + 1).
        case missingRows
        /// The row cannot be read at all (e.g. its parameters are not valid JSON): it was edited.
        case unreadable
    }

    /// The `seq` of the first row found broken.
    public var seq: Int64
    /// Why it is broken.
    public var reason: Reason

    /// Creates a break report.
    public init(seq: Int64, reason: Reason) {
        self.seq = seq
        self.reason = reason
    }

    /// E.g. `"seq 42: hashMismatch"`.
    public var description: String { "seq \(seq): \(reason.rawValue)" }
}
