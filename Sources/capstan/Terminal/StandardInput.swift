import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard input as an `AsyncStream` of chunks, read on a thread of its own (a blocking
/// `read(2)`: it works for terminals, pipes and files alike). The stream ends at EOF.
///
/// The thread stays blocked in `read` until input or EOF arrives; the CLI exits soon after a session, so
/// it is never joined.
enum StandardInput {
    static func chunks() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self, bufferingPolicy: .bufferingOldest(64))
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count > 0 {
                    let chunk = Array(buffer[0..<count])
                    // Back-pressure: wait while the consumer is 64 chunks behind (a big paste into a slow link).
                    delivery: while true {
                        switch continuation.yield(chunk) {
                        case .enqueued: break delivery
                        case .dropped: usleep(1000)
                        case .terminated: return
                        @unknown default: break delivery
                        }
                    }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    break
                }
            }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}
