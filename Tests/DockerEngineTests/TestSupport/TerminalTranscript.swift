import Foundation
import Synchronization

/// Everything an exec session printed, appended by the task that reads the output; a test waits for text to
/// appear (with a deadline) instead of sleeping.
///
/// ``expect(_:timeout:)`` consumes the transcript up to the end of the match, so a later wait never matches
/// text that was already seen (a prompt, an earlier answer).
final class TerminalTranscript: Sendable {
    private struct State {
        var text = ""
        /// UTF-8 offset of the end of the last match.
        var cursor = 0
        var ended = false
    }

    private let state = Mutex(State())

    init() {}

    /// Adds output.
    func append(_ text: String) {
        state.withLock { $0.text += text }
    }

    /// Marks the end of the output.
    func finish() { state.withLock { $0.ended = true } }

    /// All output so far.
    var text: String { state.withLock { $0.text } }

    /// Whether the output ended.
    var ended: Bool { state.withLock { $0.ended } }

    /// Waits until `marker` appears after what earlier waits consumed, then consumes up to its end.
    func expect(_ marker: String, timeout: Duration = .seconds(15)) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        while true {
            let (found, ended, text) = state.withLock { state -> (Bool, Bool, String) in
                let start = state.text.utf8.index(state.text.startIndex, offsetBy: state.cursor)
                if let range = state.text.range(of: marker, range: start..<state.text.endIndex) {
                    state.cursor = state.text.utf8.distance(from: state.text.startIndex, to: range.upperBound)
                    return (true, state.ended, state.text)
                }
                return (false, state.ended, state.text)
            }
            if found { return }
            if ended || clock.now >= deadline {
                throw TestSetupError(
                    "'\(marker)' did not appear \(ended ? "before the output ended" : "within \(timeout)"); output so far: \(text.debugDescription)"
                )
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}
