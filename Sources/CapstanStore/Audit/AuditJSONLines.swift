import Foundation

/// JSON Lines export of audit entries: one JSON object per line, `\n`-terminated.
///
/// Keys are sorted and absent values omitted; `time` is ISO 8601 UTC with microseconds, so a line carries everything
/// needed to recompute its hash with ``AuditChain``.
public enum AuditJSONLines {
    /// One entry as a line, with its `\n`.
    public static func line(_ entry: AuditEntry) -> String {
        // Encoding a struct of strings, numbers and a [String: String] cannot fail.
        let data = (try? encoder.encode(entry)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One line per entry.
    public static func document(_ entries: some Sequence<AuditEntry>) -> String {
        entries.reduce(into: "") { $0 += line($1) }
    }

    /// A decoder for lines written by ``line(_:)``.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            guard let date = Self.date(from: text) else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad time"))
            }
            return date
        }
        return decoder
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(AuditTimestamp.string(from: date))
        }
        return encoder
    }

    /// Parses `yyyy-MM-ddTHH:mm:ss.ffffffZ` exactly, microseconds included.
    private static func date(from text: String) -> Date? {
        guard text.hasSuffix("Z"), let dot = text.lastIndex(of: ".") else { return nil }
        let fraction = text[text.index(after: dot)..<text.index(before: text.endIndex)]
        guard fraction.count == 6, let micros = Int64(fraction),
            let whole = try? Date(String(text[..<dot]) + "Z", strategy: .iso8601)
        else { return nil }
        return Date(microsecondsSince1970: whole.microsecondsSince1970 + micros)
    }
}
