import CapstanWire
import DockerEngine
import Foundation
import NIOCore

/// The inputs the micro-benchmarks share: what the engine sends for a burst of log lines, and the
/// wire values the server sends for them.
enum Fixtures {
    /// Lines per batch in every benchmark.
    static let lineCount = 10_000

    /// A timestamped line as the engine writes it (`docker logs -t`), without its frame.
    static func rawLine(_ index: Int) -> String { "2026-11-22T04:04:42.\(String(format: "%09d", index))Z line-\(index) GET /api/v1/things 200 1.2ms\n" }

    /// The engine's multiplexed stream for ``lineCount`` lines (8-byte header per frame), cut into
    /// 32 KiB reads as a socket would deliver it.
    static let multiplexedChunks: [ByteBuffer] = {
        var all = ByteBuffer()
        for index in 0..<lineCount {
            let payload = rawLine(index)
            all.writeInteger(UInt8(1))
            all.writeBytes([0, 0, 0])
            all.writeInteger(UInt32(payload.utf8.count))
            all.writeString(payload)
        }
        var chunks: [ByteBuffer] = []
        while all.readableBytes > 0 {
            chunks.append(all.readSlice(length: min(32 * 1024, all.readableBytes))!)
        }
        return chunks
    }()

    /// ``lineCount`` lines as the hub numbers them for viewers.
    static let liveLines: [LiveLogLine] = (0..<lineCount).map { index in
        LiveLogLine(
            seq: Int64(index), container: "8b30a884d6e1", name: "web", ts: "2026-11-22T04:04:42.776410217Z", stream: "stdout",
            text: "line-\(index) GET /api/v1/things 200 1.2ms"
        )
    }

    /// One container-list change, as sent to every client of the list.
    static let statusChange = StatusChange(
        sub: "r1", engine: "local", seq: 43, change: "updated", containerID: String(repeating: "8b30a884d6e1", count: 5) + "abcd",
        container: ContainerView(
            engine: "local", id: String(repeating: "8b30a884d6e1", count: 5) + "abcd", name: "web", image: "nginx:1.27",
            imageID: "sha256:" + String(repeating: "ab", count: 32), command: "nginx -g 'daemon off;'", created: 1_795_321_100,
            state: "running", status: "Up 2 minutes (healthy)", health: "healthy", ports: [], labels: ["app": "shop"],
            composeProject: "shop", composeService: "web"
        ),
        fields: ["state", "status"]
    )
}
