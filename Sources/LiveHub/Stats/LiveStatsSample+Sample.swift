import CapstanWire
import DockerEngine

extension LiveStatsSample {
    /// The wire form of an engine sample.
    public init(_ sample: StatsSample) {
        self.init(
            ts: sample.read?.rfc3339, running: sample.running, cpuPercent: sample.cpuPercent, memoryUsage: sample.memoryUsage,
            memoryLimit: sample.memoryLimit, memoryPercent: sample.memoryPercent, networkRx: sample.networkRxBytes,
            networkTx: sample.networkTxBytes, networkRxRate: sample.networkRxRate, networkTxRate: sample.networkTxRate,
            blockRead: sample.blockReadBytes, blockWrite: sample.blockWriteBytes, blockReadRate: sample.blockReadRate,
            blockWriteRate: sample.blockWriteRate, pids: sample.pids
        )
    }
}
