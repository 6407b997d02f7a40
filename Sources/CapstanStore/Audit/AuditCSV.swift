/// CSV export of audit entries (RFC 4180), safe to open in a spreadsheet.
///
/// Every line ends in CRLF. Cells containing a comma, quote, CR or LF are quoted with inner quotes doubled. A
/// cell that a spreadsheet would run as a formula — starting with `=`, `+`, `-`, `@`, tab or CR — gets a leading
/// `'`, so a container named `=HYPERLINK(…)` stays text (CSV injection).
public enum AuditCSV {
    /// The column names, in order.
    public static let columns = [
        "seq", "time", "user", "role", "client_address", "request_id", "action", "engine", "object_id",
        "object_name", "parameters", "result", "error", "prev_hash", "hash",
    ]

    /// The header line, with its CRLF.
    public static var header: String {
        line(columns)
    }

    /// One entry as a line, with its CRLF. `parameters` is written as canonical JSON and `time` as ISO 8601 UTC
    /// with microseconds.
    public static func row(_ entry: AuditEntry) -> String {
        line([
            String(entry.seq),
            AuditTimestamp.string(from: entry.time),
            entry.user ?? "",
            entry.role?.rawValue ?? "",
            entry.clientAddress ?? "",
            entry.requestID ?? "",
            entry.action,
            entry.engine ?? "",
            entry.objectID ?? "",
            entry.objectName ?? "",
            AuditRow(entry: entry).parametersJSON,
            entry.result.rawValue,
            entry.error ?? "",
            entry.prevHash,
            entry.hash,
        ])
    }

    /// The header followed by one line per entry.
    public static func document(_ entries: some Sequence<AuditEntry>) -> String {
        entries.reduce(into: header) { $0 += row($1) }
    }

    /// One cell, neutralized and quoted as needed.
    public static func cell(_ value: String) -> String {
        var value = value
        if let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            value = "'" + value
        }
        // Scan scalars, not Characters: "\r\n" is a single Character and would not compare equal to "\n".
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }
}
