/// Polls `probe` until it returns a value, failing after `timeout`.
///
/// For states the engine reaches on its own time (a log line written, a container exited): the
/// short pause between probes only spaces them out, it never decides an order. `detail` says, when time is
/// up, what was still missing.
@discardableResult
func eventually<T: Sendable>(
    _ what: String, timeout: Duration = .seconds(15), detail: () -> String? = { nil }, _ probe: () async throws -> T?
) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    var lastError: (any Error)?
    while true {
        do {
            if let value = try await probe() { return value }
        } catch {
            lastError = error
        }
        guard clock.now < deadline else {
            throw TimedOut(what: what, timeout: timeout, lastError: lastError.map { "\($0)" }, detail: detail())
        }
        try await Task.sleep(for: .milliseconds(50))
    }
}

/// A condition that did not come true in time.
struct TimedOut: Error, CustomStringConvertible {
    let what: String
    let timeout: Duration
    let lastError: String?
    var detail: String? = nil
    var description: String {
        "timed out after \(timeout) waiting for \(what)" + (lastError.map { " (last error: \($0))" } ?? "")
            + (detail.map { " (\($0))" } ?? "")
    }
}
