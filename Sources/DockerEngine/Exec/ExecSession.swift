import NIOCore

/// A started exec process: its output, its stdin, its terminal size.
///
/// Valid only inside ``DockerClient/withExecSession(_:tty:_:)``; the connection closes when that body returns.
/// Reading ``output`` and writing may happen concurrently (from two child tasks).
public struct ExecSession: Sendable {
    /// The exec id.
    public let id: String
    /// Whether the process has a TTY (raw output, resizable) or multiplexed stdout/stderr.
    public let tty: Bool
    /// The process's output, until it exits. Iterate it once.
    public let output: ExecOutputSequence

    let writer: NIOAsyncChannelOutboundWriter<ByteBuffer>
    let client: DockerClient

    /// Sends bytes to the process's stdin (with a TTY: keystrokes, so `0x03` is Ctrl-C).
    ///
    /// - Throws: ``DockerError`` `streamFailed` once the input side is closed (the process exited, or
    ///   ``closeStdin()`` was called).
    public func write(_ bytes: ByteBuffer) async throws {
        do {
            try await writer.write(bytes)
        } catch {
            throw DockerError(code: .streamFailed, message: "cannot write to the exec session's stdin: \(error)")
        }
    }

    /// Sends text (UTF-8) to the process's stdin.
    public func write(_ text: String) async throws {
        try await write(ByteBuffer(string: text))
    }

    /// Sends bytes to the process's stdin.
    public func write(_ bytes: [UInt8]) async throws {
        try await write(ByteBuffer(bytes: bytes))
    }

    /// Ends the process's input.
    ///
    /// Without a TTY this half-closes the connection: the process reads EOF and its output goes on until it
    /// exits. With a TTY it sends Ctrl-D (`0x04`, the terminal's end-of-file character) instead, because the
    /// engine ends a TTY session as soon as its input side closes and the rest of the output would be lost;
    /// Ctrl-D is read as EOF only at the start of a line, and a program in raw mode sees it as a key.
    public func closeStdin() async throws {
        if tty {
            try await write([0x04])
        } else {
            writer.finish()
        }
    }

    /// Sets the terminal size (`POST /exec/{id}/resize`); only for a TTY session.
    public func resize(rows: Int, cols: Int) async throws {
        try await client.resizeExec(id, rows: rows, cols: cols)
    }

    /// The exit code, once the output has ended (see ``DockerClient/execExitCode(_:timeout:)``).
    public func exitCode(timeout: Duration = .seconds(10)) async throws -> Int {
        try await client.execExitCode(id, timeout: timeout)
    }
}
