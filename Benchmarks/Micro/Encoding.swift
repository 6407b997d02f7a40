import Benchmark
import CapstanWire
import Foundation
import LiveHub
import NIOCore

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

/// One container change sent to 1,000 connections with the same subscription id: encoded for each
/// connection (what the server did before `SharedChange`), and through the shared frame cache.
func fanOutBenchmarks() {
    Benchmark("fan-out: status_change to 1,000 connections, encoded per connection") { benchmark in
        let encoder = serverEncoder()
        for _ in benchmark.scaledIterations {
            for _ in 0..<1000 { blackHole(ByteBuffer(bytes: try encoder.encode(ServerMessage.statusChange(Fixtures.statusChange)))) }
        }
    }

    Benchmark("fan-out: status_change to 1,000 connections, shared frame") { benchmark in
        let encoder = serverEncoder()
        for _ in benchmark.scaledIterations {
            let shared = SharedChange(Fixtures.statusChange)
            for _ in 0..<1000 {
                blackHole(shared.frame(sub: "r1") { change in
                    ByteBuffer(bytes: (try? encoder.encode(ServerMessage.statusChange(change))) ?? Data())
                })
            }
        }
    }
}
