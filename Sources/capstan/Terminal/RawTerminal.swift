#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The local terminal in raw mode: keystrokes go to the remote program as they are typed (Ctrl-C included,
/// as byte 0x03), nothing is echoed or translated locally.
///
/// ``restore()`` puts back the settings found at ``enable(fileDescriptor:)``; call it on every way out
/// (`defer`), and it is safe to call twice.
final class RawTerminal: @unchecked Sendable {
    // @unchecked: `original` is written once in `init` and only read afterwards; `restored` is only touched
    // from the task that owns the session.
    private let fileDescriptor: Int32
    private let original: termios
    private var restored = false

    private init(fileDescriptor: Int32, original: termios) {
        self.fileDescriptor = fileDescriptor
        self.original = original
    }

    /// Switches `fileDescriptor` (a terminal) to raw mode.
    static func enable(fileDescriptor: Int32 = STDIN_FILENO) throws -> RawTerminal {
        var settings = termios()
        guard tcgetattr(fileDescriptor, &settings) == 0 else {
            throw CLIError("cannot read the terminal settings: \(String(cString: strerror(errno)))")
        }
        let terminal = RawTerminal(fileDescriptor: fileDescriptor, original: settings)
        cfmakeraw(&settings)
        guard tcsetattr(fileDescriptor, TCSANOW, &settings) == 0 else {
            throw CLIError("cannot put the terminal in raw mode: \(String(cString: strerror(errno)))")
        }
        return terminal
    }

    /// Puts the original settings back.
    func restore() {
        guard !restored else { return }
        restored = true
        var settings = original
        // TCSADRAIN: what was written so far is shown under the old settings first.
        _ = tcsetattr(fileDescriptor, TCSADRAIN, &settings)
    }

    /// Whether `fileDescriptor` is a terminal.
    static func isTerminal(_ fileDescriptor: Int32) -> Bool { isatty(fileDescriptor) == 1 }

    /// The size of the terminal at `fileDescriptor` (columns, rows), or nil when it is not one.
    static func size(of fileDescriptor: Int32 = STDOUT_FILENO) -> (cols: Int, rows: Int)? {
        var size = winsize()
        #if canImport(Glibc)
        let request = UInt(TIOCGWINSZ)
        #else
        let request = TIOCGWINSZ
        #endif
        guard ioctl(fileDescriptor, request, &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }
}
