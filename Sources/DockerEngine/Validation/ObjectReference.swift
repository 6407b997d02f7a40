/// Checks ids and names from outside before they become part of an engine URL.
///
/// The engine accepts ids, unique id prefixes and names; all of them fit these patterns, and
/// nothing that fits them can change the meaning of a URL path (no `/`, `?`, `%`, `..`).
public enum ObjectReference {
    /// The kinds of object a reference can name.
    public enum Kind: String, Sendable {
        /// A container id, id prefix or name: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
        case container
        /// An image id or reference: also `/`, `:` and `@` (`registry:5000/repo:tag@sha256:…`).
        case image
        /// A volume name.
        case volume
        /// A network id or name.
        case network
        /// An exec instance id.
        case exec
    }

    /// The longest reference accepted.
    public static let maxLength = 255

    /// Whether `value` is a well-formed reference of `kind`.
    public static func isValid(_ value: String, kind: Kind) -> Bool {
        let bytes = Array(value.utf8)
        guard let first = bytes.first, bytes.count <= maxLength, isAlphanumeric(first) else { return false }
        if value.contains("..") { return false }
        let extra: Set<UInt8> = kind == .image ? [UInt8(ascii: "/"), UInt8(ascii: ":"), UInt8(ascii: "@")] : []
        return bytes.allSatisfy { byte in
            isAlphanumeric(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
                || extra.contains(byte)
        }
    }

    /// Returns `value` when valid, or throws a `badRequest` ``DockerError`` naming what was wrong.
    @discardableResult
    public static func validate(_ value: String, kind: Kind) throws -> String {
        guard isValid(value, kind: kind) else {
            throw DockerError(code: .badRequest, message: invalidMessage(value, kind: kind))
        }
        return value
    }

    /// The message for an invalid reference.
    public static func invalidMessage(_ value: String, kind: Kind) -> String {
        let shown = value.count > 80 ? String(value.prefix(80)) + "…" : value
        let allowed = kind == .image ? "[a-zA-Z0-9][a-zA-Z0-9_./:@-]*" : "[a-zA-Z0-9][a-zA-Z0-9_.-]*"
        return "invalid \(kind.rawValue) reference '\(shown)': expected \(allowed), at most \(maxLength) characters"
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
