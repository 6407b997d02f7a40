#if canImport(Glibc)
import Glibc
#endif

/// Asks `GET /readyz` over a plain blocking loopback socket: cheap enough to ask every millisecond
/// while a server starts, without an HTTP client's own start-up in the measurement.
enum ReadyProbe {
    /// True when the server answered 200.
    static func isReady(port: UInt16) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = "GET /readyz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var buffer = [UInt8](repeating: 0, count: 16)
        var count = 0
        while count < 12 {
            let got = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + count, 16 - count, 0) }
            guard got > 0 else { return false }
            count += got
        }
        return String(decoding: buffer[0..<12], as: UTF8.self) == "HTTP/1.1 200"
    }
}
