#if canImport(Glibc)
import Glibc
#endif

/// A plain blocking loopback TCP connection that sends lines: the trigger of the floor server's
/// fan-outs (see `FanoutControlHandler`).
///
/// Blocking and tiny on purpose, like ``ReadyProbe``: a line is a few bytes into an idle socket,
/// and it keeps the client's event loop out of the trigger.
final class ControlSocket {
    private let fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Connects to `127.0.0.1:port`, retrying every 20 ms while the server starts; nil after `deadline`.
    static func connect(port: UInt16, deadline: Duration) async -> ControlSocket? {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while clock.now < end {
            if let socket = attempt(port: port) { return socket }
            try? await Task.sleep(for: .milliseconds(20))  // the server is still starting; bounded
        }
        return nil
    }

    private static func attempt(port: UInt16) -> ControlSocket? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            return nil
        }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return ControlSocket(fd: fd)
    }

    /// Sends `line` and a newline; false when the connection is gone.
    func send(line: String) -> Bool {
        let bytes = Array((line + "\n").utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }
}
