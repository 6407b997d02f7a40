import Benchmark
import CapstanWire
import Foundation

/// JSON encoding of outgoing live messages with the encoder settings the server uses.
func encodingBenchmarks() {
    let batch = ServerMessage.newLogs(LogBatch(sub: "l1", lines: Array(Fixtures.liveLines)))

    Benchmark("encode: new_logs with 10k lines (one frame)") { benchmark in
        let encoder = serverEncoder()
        for _ in benchmark.scaledIterations { blackHole(try encoder.encode(batch)) }
    }

    Benchmark("encode: 10k lines one by one (one frame per line)") { benchmark in
        let encoder = serverEncoder()
        for _ in benchmark.scaledIterations {
            for line in Fixtures.liveLines { blackHole(try encoder.encode(line)) }
        }
    }

    Benchmark("encode: status_change", configuration: .init(scalingFactor: .kilo)) { benchmark in
        let message = ServerMessage.statusChange(Fixtures.statusChange)
        let encoder = serverEncoder()
        for _ in benchmark.scaledIterations { blackHole(try encoder.encode(message)) }
    }
}

/// A JSON encoder set up as the server's `OutboundEncoder` sets up its own.
func serverEncoder() -> JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .withoutEscapingSlashes
    return encoder
}
