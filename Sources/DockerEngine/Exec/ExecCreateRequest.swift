/// The body of `POST /containers/{id}/exec`.
struct ExecCreateRequest: Sendable, Encodable {
    var attachStdin: Bool
    var attachStdout = true
    var attachStderr = true
    var tty: Bool
    var cmd: [String]
    var env: [String]?
    var user: String?
    var workingDir: String?

    enum CodingKeys: String, CodingKey {
        case attachStdin = "AttachStdin", attachStdout = "AttachStdout", attachStderr = "AttachStderr", tty = "Tty"
        case cmd = "Cmd", env = "Env", user = "User", workingDir = "WorkingDir"
    }
}

/// The answer of `POST /containers/{id}/exec`.
struct ExecCreateResponse: Decodable {
    var id: String

    enum CodingKeys: String, CodingKey {
        case id = "Id"
    }
}
