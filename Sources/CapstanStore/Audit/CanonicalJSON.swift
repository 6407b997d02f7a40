/// The exact JSON text that audit hashes are computed over.
///
/// Hand-written rather than `JSONEncoder` output because the bytes must never change: a Foundation update that
/// escaped `/` or non-ASCII differently would make every stored hash look forged. Rules (a subset of RFC 8785):
/// object keys sorted by their UTF-8 bytes, no whitespace, integers in decimal, strings as UTF-8 with only `"`,
/// `\` and control characters escaped (`\b \f \n \r \t`, others as `\u00xx`).
enum CanonicalJSON: Sendable, Hashable {
    case null
    case integer(Int64)
    case string(String)
    case object([String: CanonicalJSON])

    /// A string value, or `null` for `nil`.
    static func optional(_ value: String?) -> CanonicalJSON {
        value.map(CanonicalJSON.string) ?? .null
    }

    /// The canonical text.
    var text: String {
        var output = ""
        write(to: &output)
        return output
    }

    private func write(to output: inout String) {
        switch self {
        case .null:
            output += "null"
        case .integer(let value):
            output += String(value)
        case .string(let value):
            Self.writeString(value, to: &output)
        case .object(let members):
            output += "{"
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, key) in keys.enumerated() {
                if index > 0 { output += "," }
                Self.writeString(key, to: &output)
                output += ":"
                members[key]!.write(to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
