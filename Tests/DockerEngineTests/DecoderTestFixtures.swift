import DockerEngine
import NIOCore

/// Builders and a seeded random generator shared by the decoder tests.
enum DecoderTestFixtures {
    /// A multiplexed frame as the engine writes it: `[type][0,0,0][size BE][payload]`.
    static func frame(_ type: UInt8, _ payload: some Sequence<UInt8>) -> ByteBuffer {
        let bytes = Array(payload)
        var buffer = ByteBuffer()
        buffer.writeInteger(type)
        buffer.writeBytes([0, 0, 0])
        buffer.writeInteger(UInt32(bytes.count))
        buffer.writeBytes(bytes)
        return buffer
    }

    /// A multiplexed frame with a text payload.
    static func frame(_ type: UInt8, _ text: String) -> ByteBuffer {
        frame(type, Array(text.utf8))
    }

    /// Buffers concatenated into one.
    static func joined(_ parts: [ByteBuffer]) -> ByteBuffer {
        var all = ByteBuffer()
        for var part in parts { all.writeBuffer(&part) }
        return all
    }

    /// `count` characters of a repeating, position-dependent pattern, so that a misplaced or lost piece shows.
    static func patternText(count: Int, seed: Int = 0) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<count).map { alphabet[($0 * 7 + seed) % alphabet.count] })
    }

    /// `buffer` cut into consecutive pieces of 1...maxChunk bytes chosen by `generator`.
    static func randomChunks(of buffer: ByteBuffer, maxChunk: Int, using generator: inout SeededRandom) -> [ByteBuffer]
    {
        var rest = buffer
        var chunks: [ByteBuffer] = []
        while rest.readableBytes > 0 {
            let length = Int.random(in: 1...min(maxChunk, rest.readableBytes), using: &generator)
            chunks.append(rest.readSlice(length: length)!)
        }
        return chunks
    }

    /// `buffer` cut into one-byte pieces.
    static func bytewise(_ buffer: ByteBuffer) -> [ByteBuffer] {
        buffer.readableBytesView.map { ByteBuffer(bytes: [$0]) }
    }
}

extension DecoderTestFixtures {
    /// A small deterministic generator (SplitMix64) so random chunkings are the same on every run.
    struct SeededRandom: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) {
            self.state = seed
        }

        mutating func next() -> UInt64 {
            self.state &+= 0x9E37_79B9_7F4A_7C15
            var z = self.state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
