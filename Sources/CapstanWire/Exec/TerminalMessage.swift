/// The exec terminal WebSocket (`GET /api/v1/engines/{engine}/containers/{container}/exec`).
///
/// The process's bytes travel as BINARY frames both ways: client → server is stdin; server → client is the
/// terminal output as it is (TTY), or — without a TTY — one byte naming the stream (``TerminalStream``)
/// followed by the bytes. Control messages are small JSON TEXT frames with a `type` tag:
/// ``TerminalClientMessage`` one way, ``TerminalServerMessage`` the other. After `exit` (or `error`) the
/// server closes the WebSocket.
public enum TerminalPath {
    /// The route, relative to `/api/v1`.
    public static func exec(engine: String, container: String) -> String {
        "engines/\(engine)/containers/\(container)/exec"
    }
}

/// The first byte of a server → client BINARY frame of a session without a TTY.
public enum TerminalStream: UInt8, Sendable, Hashable {
    /// Standard output.
    case stdout = 1
    /// Standard error.
    case stderr = 2
}

/// A control message from the client.
public enum TerminalClientMessage: Codable, Sendable, Hashable {
    /// `resize`: the terminal's size changed (`{"type":"resize","cols":120,"rows":40}`).
    case resize(TerminalSize)
    /// `close_stdin`: no more input (without a TTY the process reads EOF; with one, Ctrl-D is sent).
    case closeStdin

    /// The `type` tags.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case resize
        case closeStdin = "close_stdin"
    }

    private enum TypeKey: String, CodingKey { case type }

    /// Decodes by the `type` tag; an unknown tag is a `DecodingError` naming the field `type`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .resize: self = .resize(try TerminalSize(from: decoder))
        case .closeStdin: self = .closeStdin
        }
    }

    /// Encodes the payload's fields and the `type` tag in one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .resize(let size):
            try container.encode(Kind.resize, forKey: .type)
            try size.encode(to: encoder)
        case .closeStdin:
            try container.encode(Kind.closeStdin, forKey: .type)
        }
    }
}

/// A terminal size in character cells.
public struct TerminalSize: Codable, Sendable, Hashable {
    /// Columns.
    public var cols: Int
    /// Rows.
    public var rows: Int

    /// Creates a size.
    public init(cols: Int, rows: Int) {
        self.cols = cols
        self.rows = rows
    }
}

/// A control message from the server.
public enum TerminalServerMessage: Codable, Sendable, Hashable {
    /// `started`: the process runs; what runs and whether it has a TTY.
    case started(TerminalStarted)
    /// `exit`: the process ended with this code (`null` when the engine did not tell in time); the server closes next.
    case exit(TerminalExit)
    /// `error`: something failed (the session could not start, a resize was refused); `fatal` ones are followed
    /// by the close.
    case error(TerminalError)

    /// The `type` tags.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case started, exit, error
    }

    private enum TypeKey: String, CodingKey { case type }

    /// Decodes by the `type` tag.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .started: self = .started(try TerminalStarted(from: decoder))
        case .exit: self = .exit(try TerminalExit(from: decoder))
        case .error: self = .error(try TerminalError(from: decoder))
        }
    }

    /// Encodes the payload's fields and the `type` tag in one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .started(let payload):
            try container.encode(Kind.started, forKey: .type)
            try payload.encode(to: encoder)
        case .exit(let payload):
            try container.encode(Kind.exit, forKey: .type)
            try payload.encode(to: encoder)
        case .error(let payload):
            try container.encode(Kind.error, forKey: .type)
            try payload.encode(to: encoder)
        }
    }
}

/// `started`.
public struct TerminalStarted: Codable, Sendable, Hashable {
    /// The engine's exec id.
    public var execId: String
    /// The command that runs (the default shell when the client named none).
    public var command: [String]
    /// Whether it has a TTY.
    public var tty: Bool

    /// Creates the message.
    public init(execId: String, command: [String], tty: Bool) {
        self.execId = execId
        self.command = command
        self.tty = tty
    }
}

/// `exit`.
public struct TerminalExit: Codable, Sendable, Hashable {
    /// The exit code, or nil when the engine did not report one in time.
    public var code: Int?

    /// Creates the message.
    public init(code: Int?) { self.code = code }

    /// Encodes `code` even when it is nil (`{"type":"exit","code":null}`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(code, forKey: .code)
    }

    enum CodingKeys: String, CodingKey { case code }
}

/// `error`.
public struct TerminalError: Codable, Sendable, Hashable {
    /// A stable snake-case code (`not_found`, `conflict`, `bad_message`, `idle`, `engine_unreachable`, …).
    public var code: String
    /// A sentence a person understands.
    public var message: String
    /// Whether the session ends because of it.
    public var fatal: Bool

    /// Creates the message.
    public init(code: String, message: String, fatal: Bool) {
        self.code = code
        self.message = message
        self.fatal = fatal
    }
}
