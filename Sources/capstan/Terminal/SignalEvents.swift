import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signals as an `AsyncStream`, through Dispatch signal sources (the default action is turned off while
/// the stream lives, so `SIGTERM` no longer kills the process and the terminal can be restored).
struct SignalEvents {
    /// Delivers each of `signals` as it arrives; `body` runs with the stream, and the default actions come back
    /// when it returns.
    static func with<Result>(
        _ signals: [Int32], _ body: (AsyncStream<Int32>) async throws -> Result
    ) async rethrows -> Result {
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .bufferingNewest(8))
        let queue = DispatchQueue(label: "capstan.signals")
        let sources = signals.map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            for number in signals { signal(number, SIG_DFL) }
            continuation.finish()
        }
        return try await body(stream)
    }
}
