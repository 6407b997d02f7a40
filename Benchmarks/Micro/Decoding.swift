import Benchmark
import DockerEngine
import NIOCore

/// The engine's log stream into lines: the framing alone, and frames + timestamps + lines.
func decodingBenchmarks() {
    Benchmark("decode: multiplexed frames (10k lines)") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = MultiplexedFrameDecoder()
            var frames = 0
            for chunk in Fixtures.multiplexedChunks {
                var buffer = chunk
                while let frame = try? decoder.decode(buffer: &buffer) {
                    frames += 1
                    blackHole(frame)
                }
            }
            precondition(frames > 0)
        }
    }

    Benchmark("decode: log stream to lines with timestamps (10k lines)") { benchmark in
        for _ in benchmark.scaledIterations {
            var decoder = LogStreamDecoder(tty: false, timestamps: true)
            var lines = 0
            for chunk in Fixtures.multiplexedChunks { lines += ((try? decoder.feed(chunk)) ?? []).count }
            lines += ((try? decoder.finish()) ?? []).count
            precondition(lines == Fixtures.lineCount)
        }
    }
}
