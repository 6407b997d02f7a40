@testable import LiveHub
import Testing

/// The pause between attempts against a failing engine (``Backoff``).
struct BackoffTests {
    @Test func itDoublesUpToTheMaximumAndASuccessStartsItOver() {
        var configuration = HubConfiguration()
        configuration.initialBackoff = .milliseconds(250)
        configuration.maximumBackoff = .seconds(1)
        var backoff = Backoff(configuration)
        #expect((0..<5).map { _ in backoff.next() } == [.milliseconds(250), .milliseconds(500), .seconds(1), .seconds(1), .seconds(1)])
        backoff.reset()
        #expect(backoff.current == .milliseconds(250))
        #expect(backoff.next() == .milliseconds(250))
        #expect(backoff.current == .milliseconds(500))
    }
}
