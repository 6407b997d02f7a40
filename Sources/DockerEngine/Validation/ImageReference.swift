/// An image reference to pull, checked against the grammar the engine uses
/// (`[registry[:port]/]path[:tag][@digest]`, as in distribution's `reference` package).
///
/// Checked here so a malformed reference is a clear 400 before the engine is asked, and so nothing
/// the engine would read differently (upper case, spaces, a stray `?`) reaches its query string.
public struct ImageReference: Sendable, Hashable, CustomStringConvertible {
    /// The repository, with its registry when one was given (`127.0.0.1:5000/team/app`, `busybox`).
    public var name: String
    /// The tag, when one was given.
    public var tag: String?
    /// The digest (`sha256:…`), when one was given.
    public var digest: String?

    /// `name[:tag][@digest]`, with `latest` when neither tag nor digest was given.
    public var description: String {
        var text = name
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        if tag == nil && digest == nil { text += ":latest" }
        return text
    }

    /// What the engine's `tag` parameter takes: the digest, else the tag, else `latest`.
    public var tagOrDigest: String { digest ?? tag ?? "latest" }

    /// Parses and checks a reference; throws a `badRequest` ``DockerError`` saying what is wrong.
    public static func parse(_ text: String) throws -> ImageReference {
        func fail(_ why: String) -> DockerError {
            let shown = text.count > 80 ? String(text.prefix(80)) + "…" : text
            return DockerError(code: .badRequest, message: "invalid image reference '\(shown)': \(why)")
        }
        guard !text.isEmpty else { throw fail("it is empty") }
        guard text.utf8.count <= 512 else { throw fail("it is longer than 512 characters") }
        var rest = Substring(text)
        var digest: String?
        if let at = rest.firstIndex(of: "@") {
            let value = rest[rest.index(after: at)...]
            guard isDigest(value) else { throw fail("the digest must look like sha256:<64 hex digits>") }
            digest = String(value)
            rest = rest[..<at]
        }
        var tag: String?
        let lastSlash = rest.lastIndex(of: "/")
        if let colon = rest.lastIndex(of: ":"), lastSlash.map({ colon > $0 }) ?? true {
            let value = rest[rest.index(after: colon)...]
            guard isTag(value) else {
                throw fail("the tag must be 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'")
            }
            tag = String(value)
            rest = rest[..<colon]
        }
        guard !rest.isEmpty else { throw fail("the repository name is missing") }
        guard rest.utf8.count <= 255 else { throw fail("the repository name is longer than 255 characters") }
        var components = rest.split(separator: "/", omittingEmptySubsequences: false)
        if components.count > 1, let first = components.first, first.contains(".") || first.contains(":") || first == "localhost" {
            guard isDomain(first) else { throw fail("'\(first)' is not a registry host[:port]") }
            components.removeFirst()
        }
        for component in components {
            guard isPathComponent(component) else {
                if component.contains(where: { $0.isUppercase }) { throw fail("repository names must be lower case") }
                throw fail("'\(component)' is not a valid repository path component (a-z, 0-9, separated by '.', '_', '__' or '-')")
            }
        }
        return ImageReference(name: String(rest), tag: tag, digest: digest)
    }

    private static func isLowerAlnum(_ c: Character) -> Bool { c.isASCII && (c.isLowercase || c.isNumber) }

    /// `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
    static func isPathComponent(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, isLowerAlnum(first), isLowerAlnum(last) else { return false }
        var separator = ""
        for c in text {
            if isLowerAlnum(c) {
                guard separator.isEmpty || separator == "." || separator == "_" || separator == "__"
                    || separator.allSatisfy({ $0 == "-" })
                else { return false }
                separator = ""
            } else if c == "." || c == "_" || c == "-" {
                separator.append(c)
            } else {
                return false
            }
        }
        return true
    }

    /// `host[:port]`, host being dot-separated labels of letters, digits and inner '-'.
    static func isDomain(_ text: Substring) -> Bool {
        var host = text
        if let colon = text.lastIndex(of: ":") {
            let port = text[text.index(after: colon)...]
            guard !port.isEmpty, port.count <= 5, port.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
            host = text[..<colon]
        }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return first.isASCII && (first.isLetter || first.isNumber) && last.isASCII && (last.isLetter || last.isNumber)
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
    }

    /// `[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`.
    static func isTag(_ text: Substring) -> Bool {
        guard let first = text.first, text.count <= 128, first.isASCII, first.isLetter || first.isNumber || first == "_" else {
            return false
        }
        return text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
    }

    /// `algorithm:hex` with at least 32 hex digits.
    static func isDigest(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":") else { return false }
        let algorithm = text[..<colon]
        let hex = text[text.index(after: colon)...]
        return !algorithm.isEmpty && algorithm.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+.-_".contains($0)) }
            && hex.count >= 32 && hex.allSatisfy { $0.isHexDigit }
    }
}
