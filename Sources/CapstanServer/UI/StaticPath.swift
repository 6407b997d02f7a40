/// Which part of the UI a request path names, and whether it is safe to look up on disk.
///
/// Pure, so the rules are easy to read in one place: the path is percent-decoded once, then refused if
/// any segment is `..` or `.` or hidden (starts with `.`), or if it holds a backslash, a NUL or another
/// control character — whatever encoding was used to smuggle them in.
enum StaticPath: Equatable {
    /// `/` or `/index.html`.
    case page
    /// `/ui/…`.
    case ui
    /// `/vendor/…`.
    case vendor
    /// `/vendor-node/…`: a Node package's files; its `.js` files are served as CommonJS modules for the page.
    case nodeModule
    /// Not a UI path: left to the router (and its 404).
    case notOurs
    /// A UI path that is refused, and why.
    case rejected(String)

    static func classify(_ rawPath: String) -> StaticPath {
        let kind: StaticPath
        if rawPath == "/" || rawPath == "/index.html" {
            return .page
        } else if rawPath == "/ui" || rawPath.hasPrefix("/ui/") {
            kind = .ui
        } else if rawPath == "/vendor" || rawPath.hasPrefix("/vendor/") {
            kind = .vendor
        } else if rawPath == "/vendor-node" || rawPath.hasPrefix("/vendor-node/") {
            kind = .nodeModule
        } else {
            return .notOurs
        }
        guard let decoded = percentDecoded(rawPath) else { return .rejected("the path has an invalid percent-encoding") }
        for scalar in decoded.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\\" {
            return .rejected("the path holds a control character or a backslash")
        }
        for segment in decoded.split(separator: "/", omittingEmptySubsequences: false).dropFirst() where segment.hasPrefix(".") {
            return .rejected("path segments may not start with '.' (no '..', no hidden files)")
        }
        // Double encoding (`%252e%252e`) decodes to a literal `%2e%2e` name: harmless, but never a real file here.
        if decoded.contains("%") { return .rejected("the path has an invalid percent-encoding") }
        return kind
    }

    /// `%XX` decoded as UTF-8; nil when an escape is malformed or the bytes are not UTF-8.
    static func percentDecoded(_ text: String) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
