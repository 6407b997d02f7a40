import CapstanWire
import DockerEngine
import Hummingbird

/// The query of an exec terminal request, checked before the WebSocket upgrade so that a mistake is a 400
/// naming the parameter.
///
/// `cmd` repeats, one argument each (`?cmd=sh&cmd=-c&cmd=echo%20hi`); absent means the default shell.
/// `user`, `workdir`, `cols` and `rows` (both or neither), `tty` (default true) and `stdin` (default true).
struct ExecRequest: Sendable, Hashable {
    var command: [String]?
    var user: String?
    var workingDir: String?
    var size: TerminalSize?
    var tty: Bool
    var stdin: Bool

    static let maxCommandBytes = 64 * 1024

    init(_ request: Request) throws {
        let query = QueryReader(request)
        let arguments = request.uri.queryParameters.getAll("cmd").map { String($0) }
        if arguments.isEmpty {
            command = nil
        } else {
            guard !arguments[0].isEmpty else { throw APIError.badRequest(field: "cmd", "the program ('cmd') is empty") }
            guard arguments.reduce(0, { $0 + $1.utf8.count }) <= Self.maxCommandBytes, !arguments.contains(where: { $0.contains("\0") }) else {
                throw APIError.badRequest(field: "cmd", "'cmd' must be at most \(Self.maxCommandBytes) bytes without NUL characters")
            }
            command = arguments
        }
        if let user = query.string("user"), !user.isEmpty {
            guard Self.isValidUser(user) else {
                throw APIError.badRequest(field: "user", "'user' must be a name or id, optionally with ':group' (e.g. 'www-data' or '1000:1000'), not '\(user)'")
            }
            self.user = user
        }
        if let directory = query.string("workdir"), !directory.isEmpty {
            guard directory.hasPrefix("/"), directory.utf8.count <= 4096, !directory.contains("\0") else {
                throw APIError.badRequest(field: "workdir", "'workdir' must be an absolute path, not '\(directory.prefix(200))'")
            }
            workingDir = directory
        }
        let cols = try query.int("cols", in: 1...10_000)
        let rows = try query.int("rows", in: 1...10_000)
        switch (cols, rows) {
        case (let cols?, let rows?): size = TerminalSize(cols: cols, rows: rows)
        case (nil, nil): size = nil
        case (nil, _): throw APIError.badRequest(field: "cols", "give 'cols' together with 'rows'")
        case (_, nil): throw APIError.badRequest(field: "rows", "give 'rows' together with 'cols'")
        }
        tty = try query.bool("tty", default: true)
        stdin = try query.bool("stdin", default: true)
    }

    /// `name`, `uid`, `name:group`, `uid:gid`: letters, digits, `_`, `.`, `-`, at most 256 characters.
    static func isValidUser(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard text.utf8.count <= 256, (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_.-".unicodeScalars.contains($0)) }
        }
    }
}
