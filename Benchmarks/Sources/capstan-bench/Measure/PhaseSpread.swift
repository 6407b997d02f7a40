/// How one fan-out's arrivals spread: when the first client got it, and how long after that the
/// median client did — taken per phase (fan-out) and summarised by the median over phases.
///
/// The split tells the two costs of a latency apart: `first` is the path to the first write (the
/// engine's event, the server's reading and bookkeeping), `spread` is the fan-out itself (writes,
/// the kernel's loopback, the clients' reading).
struct PhaseSpread {
    /// Median over phases of the earliest client's latency (ms).
    let firstMedian: Double?
    /// Median over phases of (the median client's latency − the earliest's) (ms).
    let spreadMedian: Double?

    /// Summarises `phases`, each the latencies (ms) of the clients that received that phase.
    init(_ phases: [[Double]]) {
        var firsts: [Double] = []
        var spreads: [Double] = []
        for phase in phases where !phase.isEmpty {
            let sorted = phase.sorted()
            firsts.append(sorted[0])
            spreads.append(sorted[(sorted.count - 1) / 2] - sorted[0])
        }
        firstMedian = Percentiles(firsts).value(50)
        spreadMedian = Percentiles(spreads).value(50)
    }
}
