/// Limits and timings of the exec terminal endpoint.
public struct ExecConfiguration: Sendable {
    /// Terminal sessions allowed at once per client address.
    public var maxSessionsPerAddress = 4
    /// Terminal sessions allowed at once per signed-in user.
    public var maxSessionsPerUser = 4
    /// A session with neither input nor output for this long is closed (and its process hung up).
    public var idleTimeout: Duration = .seconds(15 * 60)
    /// After the client left (or the session went idle), how long to wait for the process to end after the
    /// hang-up (Ctrl-C, Ctrl-D, or EOF on stdin) before the engine connection is closed anyway.
    public var hangUpGrace: Duration = .seconds(5)
    /// The shells tried, in order, when the client names no command.
    public var defaultShells = ["/bin/bash", "/bin/sh"]
    /// The largest output frame sent (the HummingbirdWSClient default limit is 16 KiB); output is split to fit.
    public var maxOutputFrameBytes = 16 * 1024
    /// The largest client message accepted (a paste); a bigger one ends the session.
    public var maxInputMessageBytes = 1024 * 1024

    /// The defaults.
    public init() {}
}
