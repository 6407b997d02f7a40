/// Nearest-rank percentiles of a sample (sorted once).
struct Percentiles {
    private let sorted: [Double]

    /// Sorts `values`.
    init(_ values: [Double]) { sorted = values.sorted() }

    /// How many values.
    var count: Int { sorted.count }

    /// The `p`-th percentile (0...100), nearest rank; nil for an empty sample.
    func value(_ p: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(Swift.max(rank, 1), sorted.count) - 1]
    }

    /// The largest value.
    var max: Double? { sorted.last }
}
