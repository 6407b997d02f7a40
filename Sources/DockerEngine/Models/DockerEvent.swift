/// One engine event from `GET /events`.
public struct DockerEvent: Sendable, Hashable, Codable {
    /// `container`, `image`, `network`, `volume`, `daemon`, …
    public var type: String
    /// `create`, `start`, `die`, `health_status: healthy`, `exec_start: sh -c …`, …
    public var action: String
    /// The object the event is about.
    public var actor: Actor
    /// `local` or `swarm`.
    public var scope: String?
    /// Unix seconds.
    public var time: Int64
    /// Unix nanoseconds: the only ordering and resume cursor to trust (several events share a second).
    public var timeNano: Int64

    /// The object of an event.
    public struct Actor: Sendable, Hashable, Codable {
        /// The object's id (container id, image id, network id, volume name).
        public var id: String
        /// Attributes: for containers every label plus `name`, `image`, and per action `exitCode`, `signal`, …
        public var attributes: [String: String]?
        enum CodingKeys: String, CodingKey { case id = "ID", attributes = "Attributes" }

        /// Creates an actor.
        public init(id: String, attributes: [String: String]? = nil) {
            self.id = id
            self.attributes = attributes
        }
    }

    /// Creates an event.
    public init(type: String, action: String, actor: Actor, scope: String? = nil, time: Int64, timeNano: Int64) {
        self.type = type
        self.action = action
        self.actor = actor
        self.scope = scope
        self.time = time
        self.timeNano = timeNano
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", action = "Action", actor = "Actor", scope, time, timeNano
    }

    /// The event time at nanosecond precision.
    public var timestamp: DockerTimestamp { DockerTimestamp(nanosecondsSinceEpoch: timeNano) }

    /// The action without its detail: `exec_start: sh -c …` → `exec_start`, `health_status: healthy` → `health_status`.
    public var baseAction: String {
        guard let colon = action.firstIndex(of: ":") else { return action }
        return String(action[..<colon])
    }

    /// Whether this is noise from healthcheck probes: every probe makes `exec_create`, `exec_start` and `exec_die`.
    public var isExecEvent: Bool { type == "container" && baseAction.hasPrefix("exec_") }

    /// Identifies an event among those sharing a nanosecond: used to resume without duplicates.
    public var resumeKey: String { "\(timeNano)|\(type)|\(action)|\(actor.id)" }
}
