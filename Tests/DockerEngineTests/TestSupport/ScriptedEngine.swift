import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stand-in engine on a unix socket that answers each request with canned bytes in one `write` and then
/// closes the connection: the real engine cannot be made to put its `101`, the output and its EOF into one
/// read on demand, this can.
///
/// Plain sockets on a thread of its own, one connection at a time (the tests send one request at a time).
final class ScriptedEngine: @unchecked Sendable {
    // @unchecked: `listener` is set in `init`; `stop()` only shuts it down, its thread closes it.
    /// The socket's path.
    let path: String
    private let listener: Int32
    private let answer: @Sendable (_ requestHead: String) -> [UInt8]

    /// Listens at a fresh path; `answer` maps a request head (`POST /v1.41/exec/x/start HTTP/1.1…`) to the bytes sent back.
    init(answer: @escaping @Sendable (_ requestHead: String) -> [UInt8]) throws {
        path = "/tmp/capstan-scripted-\(UUID().uuidString.prefix(8)).sock"
        self.answer = answer
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw TestSetupError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { bytes in
            for (index, byte) in path.utf8.enumerated() { bytes[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(listener, 8) == 0 else {
            close(listener)
            throw TestSetupError("bind/listen \(path): \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [listener, answer] in Self.serve(listener, answer) }
        thread.start()
    }

    /// Stops listening: the serving thread's `accept` fails (at once, or when it comes back to it), and the
    /// thread then closes the socket itself. Were it closed here, its number could be reused by another test's
    /// socket before the thread's next `accept`, and that thread would take that test's connections.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        unlink(path)
    }

    /// A `101` switching to the raw stream, as the engine sends it.
    static let switchingProtocols = Array(
        "HTTP/1.1 101 UPGRADED\r\nContent-Type: application/vnd.docker.raw-stream\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n".utf8
    )

    /// The answer to `GET /_ping` (version negotiation).
    static let ping = Array("HTTP/1.1 200 OK\r\nApi-Version: 1.41\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK".utf8)

    /// A multiplexed frame.
    static func frame(_ stream: UInt8, _ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        let size = UInt32(payload.count)
        return [stream, 0, 0, 0, UInt8(size >> 24), UInt8((size >> 16) & 0xff), UInt8((size >> 8) & 0xff), UInt8(size & 0xff)] + payload
    }

    private static func serve(_ listener: Int32, _ answer: (String) -> [UInt8]) {
        defer { close(listener) }
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 && errno == EINTR { continue }
            // After stop()'s shutdown (EINVAL), or a failure that would come back at every call.
            guard connection >= 0 else { return }
            // A client that connects and never sends must not keep this thread (and the next connection) forever.
            var limit = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var request: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            // The head, then the body (unread bytes left at close would make the kernel send a reset, not EOF).
            var headLength: Int?
            var bodyLength = 0
            while headLength.map({ request.count < $0 + bodyLength }) ?? true {
                let count = read(connection, &buffer, buffer.count)
                guard count > 0 else { break }
                request += buffer[0..<count]
                if headLength == nil, let end = request.firstRange(of: Array("\r\n\r\n".utf8))?.upperBound {
                    headLength = end
                    let head = String(decoding: request[0..<end], as: UTF8.self).lowercased()
                    bodyLength = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                }
            }
            let reply = answer(String(decoding: request, as: UTF8.self))
            // One write, then close: the client reads the reply and the EOF together.
            _ = reply.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            close(connection)
        }
    }
}
