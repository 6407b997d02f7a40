import AsyncHTTPClient
import NIOCore

/// Resource samples from `GET /containers/{id}/stats?stream=true`, about one a second.
///
/// Each sample carries the figures the docker CLI computes, plus per-second rates from the previous
/// sample. A stopped container keeps the stream open with zeroed samples (`running == false`) and
/// real ones come back when it starts again; the stream ends when the container is removed.
public struct StatsSampleSequence: AsyncSequence, Sendable {
    /// A sample.
    public typealias Element = StatsSample
    let raw: JSONStreamSequence<StatsResponse>

    /// Iterates the samples.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(raw: raw.makeAsyncIterator()) }

    /// The iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var raw: JSONStreamSequence<StatsResponse>.AsyncIterator
        var calculator = StatsCalculator()

        /// The next sample, nil when the container is gone.
        public mutating func next() async throws -> StatsSample? {
            guard let response = try await raw.next() else { return nil }
            return calculator.sample(from: response)
        }
    }
}
