import PostgresNIO  // re-exports NIO

/// A TCP port on 127.0.0.1 that nothing listens on right now.
///
/// Picked below Linux's ephemeral range (32768–60999) and checked by binding it: a port from the ephemeral range
/// (what binding port 0 returns) can meanwhile become the local end of one of our own client connections, and a
/// connect to it then hangs instead of being refused.
enum FreePort {
    struct NoneFound: Error {}

    static func next() throws -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 20_000..<32_000)
            guard let channel = try? ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .bind(host: "127.0.0.1", port: port).wait()
            else { continue }
            try? channel.close().wait()
            return port
        }
        throw NoneFound()
    }
}
