#if canImport(Glibc)
import Glibc
#endif
import Foundation
import NIOCore
import NIOPosix

/// A unix-socket proxy in front of the engine that counts the server's Engine API requests.
///
/// The server is pointed at the proxy's socket; every connection is glued to a new connection to
/// the engine's socket. It is how the suite proves "one upstream stream per thing" and "no polling
/// at idle" from outside the server. (The state-latency scenario does not use it: it would add a
/// hop to the path it measures.)
struct CountingProxy {
    let listenPath: String
    let enginePath: String
    let countsPath: String

    /// Serves until the process is terminated, writing the counts every 100 ms.
    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let counter = RequestCounter()
        try? FileManager.default.removeItem(atPath: listenPath)
        let enginePath = self.enginePath
        let server = try await ServerBootstrap(group: group)
            .childChannelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
            .childChannelInitializer { client in
                ClientBootstrap(group: client.eventLoop)
                    .channelOption(ChannelOptions.allowRemoteHalfClosure, value: true)
                    .connect(unixDomainSocketPath: enginePath)
                    .flatMap { engine in
                        let (clientSide, engineSide) = GlueHandler.pair(counter: counter)
                        // Reads stay automatic; GlueHandler.read holds them back while the other side
                        // is not writable. (A manual first read() here came before the channel was
                        // active and was lost: nothing was ever forwarded.)
                        return client.pipeline.addHandler(clientSide).flatMap {
                            engine.pipeline.addHandler(engineSide)
                        }
                    }
            }
            .bind(unixDomainSocketPath: listenPath)
            .get()
        _ = server
        FileHandle.standardError.write(Data("counting proxy on \(listenPath) → \(enginePath)\n".utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        while true {
            let data = try encoder.encode(counter.snapshot)
            // Written aside and renamed, so a reader never sees half a file.
            try data.write(to: URL(fileURLWithPath: countsPath + ".tmp"))
            _ = rename(countsPath + ".tmp", countsPath)
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Reads a counts file written by a running proxy (empty when there is none).
    static func readCounts(_ path: String) -> [String: Int] {
        guard let data = FileManager.default.contents(atPath: path),
            let counts = try? JSONDecoder().decode([String: Int].self, from: data)
        else { return [:] }
        return counts
    }
}
