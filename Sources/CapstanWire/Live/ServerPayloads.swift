/// `welcome`: the protocol version and the engines with their status.
public struct Welcome: Codable, Sendable, Hashable {
    /// The protocol version (`1`).
    public var protocolVersion: Int
    /// The server.
    public var server: String
    /// Engines and whether they are up.
    public var engines: [EngineStatus]
    /// Limits the server enforces on this connection.
    public var limits: [String: Int]
    /// The server's clock when it sent this (Unix milliseconds), to read times such as `statusAt`.
    public var serverTime: Int64?

    /// Creates a welcome.
    public init(protocolVersion: Int, server: String, engines: [EngineStatus], limits: [String: Int], serverTime: Int64? = nil) {
        self.protocolVersion = protocolVersion
        self.server = server
        self.engines = engines
        self.limits = limits
        self.serverTime = serverTime
    }
}

/// `ok`: the request with this id succeeded.
public struct OkReply: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription it created or ended.
    public var sub: String?

    /// Creates a reply.
    public init(id: String?, sub: String?) {
        self.id = id
        self.sub = sub
    }
}

/// `error`: what was wrong with a request (or the connection).
public struct ErrorReply: Codable, Sendable, Hashable {
    /// The request id, when the message had one.
    public var id: String?
    /// The subscription concerned.
    public var sub: String?
    /// `bad_message`, `not_found`, `limit_reached`, `too_large`, `engine_unreachable`, …
    public var code: String
    /// A sentence a person understands.
    public var message: String
    /// The message field that was wrong.
    public var field: String?

    /// Creates an error reply.
    public init(id: String? = nil, sub: String? = nil, code: String, message: String, field: String? = nil) {
        self.id = id
        self.sub = sub
        self.code = code
        self.message = message
        self.field = field
    }
}

/// `initial_state`: the whole list at `seq`, or (when `resumed`) the changes after the client's seq.
public struct InitialState: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription.
    public var sub: String
    /// The engine.
    public var engine: String
    /// The sequence number of the last change included.
    public var seq: UInt64
    /// True when this carries only the missed `changes`; false for a full snapshot.
    public var resumed: Bool
    /// True when a resume was asked for but the gap was older than what the server keeps: a fresh snapshot.
    public var resyncRequired: Bool
    /// The containers (full snapshot only).
    public var containers: [ContainerView]?
    /// The missed changes (resume only).
    public var changes: [StatusChange]?

    /// Creates an initial state.
    public init(
        id: String?, sub: String, engine: String, seq: UInt64, resumed: Bool, resyncRequired: Bool,
        containers: [ContainerView]?, changes: [StatusChange]?
    ) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.seq = seq
        self.resumed = resumed
        self.resyncRequired = resyncRequired
        self.containers = containers
        self.changes = changes
    }
}

/// `status_change`: one change to an engine's container list.
public struct StatusChange: Codable, Sendable, Hashable {
    /// The subscription (absent inside `initial_state.changes`).
    public var sub: String?
    /// The engine.
    public var engine: String
    /// The engine's change sequence number: consecutive, so a client sees any gap.
    public var seq: UInt64
    /// `added`, `updated` or `removed`.
    public var change: String
    /// The container id.
    public var containerID: String
    /// The container after the change (absent for `removed`).
    public var container: ContainerView?
    /// Which fields changed (`state`, `health`, `status`, `name`, …) for `updated`.
    public var fields: [String]?

    /// Creates a change.
    public init(sub: String?, engine: String, seq: UInt64, change: String, containerID: String, container: ContainerView?, fields: [String]?) {
        self.sub = sub
        self.engine = engine
        self.seq = seq
        self.change = change
        self.containerID = containerID
        self.container = container
        self.fields = fields
    }
}

/// `engine_status`: whether an engine can be reached.
public struct EngineStatus: Codable, Sendable, Hashable {
    /// The engine.
    public var engine: String
    /// `up`, `down` or `reconnecting`.
    public var status: String
    /// Why it is down.
    public var error: String?

    /// Creates a status.
    public init(engine: String, status: String, error: String? = nil) {
        self.engine = engine
        self.status = status
        self.error = error
    }
}

/// One log line on the wire.
public struct LiveLogLine: Codable, Sendable, Hashable {
    /// The line's sequence number in its container's tail: consecutive per container.
    public var seq: Int64
    /// The container id (12 characters).
    public var container: String
    /// The container name.
    public var name: String?
    /// The engine's timestamp (RFC 3339, nanoseconds).
    public var ts: String?
    /// `stdout` or `stderr`.
    public var stream: String
    /// The text.
    public var text: String

    /// Creates a line.
    public init(seq: Int64, container: String, name: String?, ts: String?, stream: String, text: String) {
        self.seq = seq
        self.container = container
        self.name = name
        self.ts = ts
        self.stream = stream
        self.text = text
    }
}

/// `log_snapshot` and `new_logs`: lines of one subscription.
public struct LogBatch: Codable, Sendable, Hashable {
    /// The request id (snapshot only).
    public var id: String?
    /// The subscription.
    public var sub: String
    /// The lines, in order per container.
    public var lines: [LiveLogLine]

    /// Creates a batch.
    public init(id: String? = nil, sub: String, lines: [LiveLogLine]) {
        self.id = id
        self.sub = sub
        self.lines = lines
    }
}

/// `log_gap`: lines of a subscription dropped because the client read too slowly.
public struct LogGap: Codable, Sendable, Hashable {
    /// The subscription.
    public var sub: String
    /// How many lines were dropped.
    public var missed: Int
    /// Per container, the first and last seq dropped: re-subscribe with `resume` to refill from the ring.
    public var ranges: [String: [Int64]]

    /// Creates a gap.
    public init(sub: String, missed: Int, ranges: [String: [Int64]]) {
        self.sub = sub
        self.missed = missed
        self.ranges = ranges
    }
}

/// `log_end`: the end of a container's lines in a subscription.
public struct LogEnd: Codable, Sendable, Hashable {
    /// The subscription.
    public var sub: String
    /// The container id (12 characters).
    public var container: String
    /// `removed`, or another reason.
    public var reason: String

    /// Creates an end message.
    public init(sub: String, container: String, reason: String) {
        self.sub = sub
        self.container = container
        self.reason = reason
    }
}

/// One resource sample on the wire.
public struct LiveStatsSample: Codable, Sendable, Hashable {
    /// When the engine read it (RFC 3339).
    public var ts: String?
    /// Whether the container was running.
    public var running: Bool
    /// CPU % (100 = one core).
    public var cpuPercent: Double
    /// Memory used (bytes, as the docker CLI computes it).
    public var memoryUsage: UInt64
    /// Memory limit (bytes; the host's memory when unlimited).
    public var memoryLimit: UInt64
    /// Memory %.
    public var memoryPercent: Double
    /// Network bytes received, total.
    public var networkRx: UInt64
    /// Network bytes sent, total.
    public var networkTx: UInt64
    /// Network receive rate, bytes/s.
    public var networkRxRate: Double
    /// Network send rate, bytes/s.
    public var networkTxRate: Double
    /// Block bytes read, total.
    public var blockRead: UInt64
    /// Block bytes written, total.
    public var blockWrite: UInt64
    /// Block read rate, bytes/s.
    public var blockReadRate: Double
    /// Block write rate, bytes/s.
    public var blockWriteRate: Double
    /// Processes.
    public var pids: UInt64

    /// Creates a sample.
    public init(
        ts: String?, running: Bool, cpuPercent: Double, memoryUsage: UInt64, memoryLimit: UInt64, memoryPercent: Double,
        networkRx: UInt64, networkTx: UInt64, networkRxRate: Double, networkTxRate: Double, blockRead: UInt64,
        blockWrite: UInt64, blockReadRate: Double, blockWriteRate: Double, pids: UInt64
    ) {
        self.ts = ts
        self.running = running
        self.cpuPercent = cpuPercent
        self.memoryUsage = memoryUsage
        self.memoryLimit = memoryLimit
        self.memoryPercent = memoryPercent
        self.networkRx = networkRx
        self.networkTx = networkTx
        self.networkRxRate = networkRxRate
        self.networkTxRate = networkTxRate
        self.blockRead = blockRead
        self.blockWrite = blockWrite
        self.blockReadRate = blockReadRate
        self.blockWriteRate = blockWriteRate
        self.pids = pids
    }
}

/// `stats_history`: the samples kept for a container, oldest first.
public struct StatsHistory: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription.
    public var sub: String
    /// The engine.
    public var engine: String
    /// The container id (12 characters).
    public var container: String
    /// The samples.
    public var samples: [LiveStatsSample]

    /// Creates a history.
    public init(id: String?, sub: String, engine: String, container: String, samples: [LiveStatsSample]) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.container = container
        self.samples = samples
    }
}

/// `stats`: one new sample.
public struct StatsUpdate: Codable, Sendable, Hashable {
    /// The subscription.
    public var sub: String
    /// The container id (12 characters).
    public var container: String
    /// The sample.
    public var sample: LiveStatsSample

    /// Creates an update.
    public init(sub: String, container: String, sample: LiveStatsSample) {
        self.sub = sub
        self.container = container
        self.sample = sample
    }
}

/// `event`: one engine event.
public struct EventUpdate: Codable, Sendable, Hashable {
    /// The subscription.
    public var sub: String
    /// The engine.
    public var engine: String
    /// `container`, `image`, `network`, `volume`, …
    public var objectType: String
    /// The action (`start`, `die`, `health_status: healthy`, …).
    public var action: String
    /// The object's id.
    public var objectID: String
    /// The object's name, when the event carries one.
    public var name: String?
    /// The event's attributes (labels, exit code, signal, …).
    public var attributes: [String: String]
    /// The engine's timestamp in Unix nanoseconds.
    public var timeNano: Int64
    /// Events dropped for this subscription just before this one (the client fell behind).
    public var dropped: Int?

    /// Creates an update.
    public init(
        sub: String, engine: String, objectType: String, action: String, objectID: String, name: String?,
        attributes: [String: String], timeNano: Int64, dropped: Int? = nil
    ) {
        self.sub = sub
        self.engine = engine
        self.objectType = objectType
        self.action = action
        self.objectID = objectID
        self.name = name
        self.attributes = attributes
        self.timeNano = timeNano
        self.dropped = dropped
    }
}
