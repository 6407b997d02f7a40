/// CPU used by this process and by the server over one measured window.
///
/// The load generator must not be the bottleneck: when its own CPU over the window comes close to
/// the event-loop threads it runs, its figures measure itself, and the report says so.
struct CPUWatch {
    private let startWall = WallClock.monotonic()
    private let startOwn = ProcessStats.ownCPUSeconds()
    private let serverPID: Int32?
    private let startServer: Double?

    /// Starts watching (the server is optional).
    init(serverPID: Int32?) {
        self.serverPID = serverPID
        self.startServer = serverPID.flatMap { ProcessStats.read(pid: $0)?.cpuSeconds }
    }

    /// Seconds since the start.
    var elapsed: Double { Double(WallClock.monotonic() - startWall) / 1e9 }

    /// This process's CPU since the start, in seconds.
    var ownCPU: Double { ProcessStats.ownCPUSeconds() - startOwn }

    /// The server's CPU since the start, in seconds.
    var serverCPU: Double? {
        guard let serverPID, let startServer, let now = ProcessStats.read(pid: serverPID) else { return nil }
        return now.cpuSeconds - startServer
    }

    /// The load generator's share of `threads` cores over the window, and whether that is saturation (≥ 90 %).
    func ownLoad(threads: Int) -> (fraction: Double, saturated: Bool) {
        let fraction = ownCPU / max(elapsed, 1e-9) / Double(threads)
        return (fraction, fraction >= 0.9)
    }
}
