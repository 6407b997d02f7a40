/// What a short command run with ``DockerClient/runExec(container:command:user:workingDir:env:maxOutputBytes:)``
/// printed and how it exited.
public struct ExecResult: Sendable, Hashable {
    /// The exit code (126/127 when the engine could not run the program).
    public var exitCode: Int
    /// Its standard output, cut at the limit.
    public var stdout: String
    /// Its standard error, cut at the limit.
    public var stderr: String

    /// Creates a result.
    public init(exitCode: Int, stdout: String, stderr: String) {
        self.exitCode = exitCode
        self.stdout = stdout
        self.stderr = stderr
    }
}
