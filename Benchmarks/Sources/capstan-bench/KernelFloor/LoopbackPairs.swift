import CEpoll
#if canImport(Glibc)
import Glibc
#endif

/// N connected loopback TCP connections with both ends in this process: the server ends (blocking,
/// `TCP_NODELAY`, as a fan-out server's) and the client ends (non-blocking, all in one epoll set).
///
/// No framework on either side: what a write to one of them costs is the kernel's loopback TCP and
/// nothing else. Closed on deinit.
final class LoopbackPairs {
    /// A system call that failed, with its `errno` (setting up, writing or waiting).
    struct SystemCallError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call): \(String(cString: strerror(code)))" }
    }

    /// The accepting ends, in connection order.
    private(set) var serverEnds: [Int32] = []
    /// The connecting ends, in the same order (epoll data is the index).
    private(set) var clientEnds: [Int32] = []
    /// The epoll instance watching every client end for input.
    let epoll: Int32

    /// Opens `count` connections to a listener on 127.0.0.1 (a free port), then closes the listener.
    init(count: Int) throws {
        epoll = epoll_create1(0)
        guard epoll >= 0 else { throw SystemCallError(call: "epoll_create1", code: errno) }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw SystemCallError(call: "socket", code: errno) }
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try Self.check("bind", withUnsafePointer(to: &address) { bind(listener, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self), length) })
        try Self.check("listen", listen(listener, 4096))
        try Self.check("getsockname", withUnsafeMutablePointer(to: &address) { getsockname(listener, UnsafeMutableRawPointer($0).assumingMemoryBound(to: sockaddr.self), &length) })
        for index in 0..<count {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard client >= 0 else { throw SystemCallError(call: "socket", code: errno) }
            clientEnds.append(client)
            try Self.check("connect", withUnsafePointer(to: &address) { connect(client, UnsafeRawPointer($0).assumingMemoryBound(to: sockaddr.self), length) })
            let server = accept(listener, nil, nil)
            guard server >= 0 else { throw SystemCallError(call: "accept", code: errno) }
            serverEnds.append(server)
            Self.noDelay(server)
            Self.noDelay(client)
            try Self.check("fcntl", fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK))
            var event = epoll_event()
            event.events = EPOLLIN.rawValue
            event.data.u64 = UInt64(index)
            try Self.check("epoll_ctl", epoll_ctl(epoll, EPOLL_CTL_ADD, client, &event))
        }
    }

    /// Reads and drops whatever the client ends hold now (they are non-blocking).
    func drainClientEnds() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        for fd in clientEnds {
            while buffer.withUnsafeMutableBytes({ read(fd, $0.baseAddress, $0.count) }) > 0 {}
        }
    }

    deinit {
        for fd in serverEnds + clientEnds { close(fd) }
        close(epoll)
    }

    private static func noDelay(_ fd: Int32) {
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    private static func check(_ call: String, _ result: Int32) throws {
        if result < 0 { throw SystemCallError(call: call, code: errno) }
    }
}
