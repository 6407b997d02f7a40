/// A message a client sends over the WebSocket (`/api/v1/ws`): a JSON object with a `type` tag.
///
/// Every request may carry an `id`; the server echoes it in its reply (`ok`, `error`, the first
/// snapshot) so a client can match answers to questions.
public enum ClientMessage: Codable, Sendable, Hashable {
    /// `subscribe_containers`: the live container list of one engine or all.
    case subscribeContainers(SubscribeContainers)
    /// `subscribe_logs`: the log lines of one or more containers.
    case subscribeLogs(SubscribeLogs)
    /// `subscribe_stats`: the resource samples of one container.
    case subscribeStats(SubscribeStats)
    /// `subscribe_events`: the engine events feed.
    case subscribeEvents(SubscribeEvents)
    /// `unsubscribe` (also accepted as `unsubscribe_logs`, `unsubscribe_stats`, `unsubscribe_events`, `unsubscribe_containers`).
    case unsubscribe(Unsubscribe)
    /// `ping`: answered with `pong`.
    case ping(RequestOnly)
    /// `authenticate`: a fresh access token for a connection whose token is about to expire.
    case authenticate(Authenticate)
    /// `subscribe_resources`: a live list of images, volumes or networks.
    case subscribeResources(SubscribeResources)

    /// The `type` tags.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case subscribeContainers = "subscribe_containers"
        case subscribeLogs = "subscribe_logs"
        case subscribeStats = "subscribe_stats"
        case subscribeEvents = "subscribe_events"
        case unsubscribe
        case unsubscribeContainers = "unsubscribe_containers"
        case unsubscribeLogs = "unsubscribe_logs"
        case unsubscribeStats = "unsubscribe_stats"
        case unsubscribeEvents = "unsubscribe_events"
        case ping
        case authenticate
        case subscribeResources = "subscribe_resources"
    }

    private enum TypeKey: String, CodingKey { case type }

    /// Decodes by the `type` tag; an unknown tag is a `DecodingError` naming the field `type`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        let kind = try container.decode(Kind.self, forKey: .type)
        switch kind {
        case .subscribeContainers: self = .subscribeContainers(try SubscribeContainers(from: decoder))
        case .subscribeLogs: self = .subscribeLogs(try SubscribeLogs(from: decoder))
        case .subscribeStats: self = .subscribeStats(try SubscribeStats(from: decoder))
        case .subscribeEvents: self = .subscribeEvents(try SubscribeEvents(from: decoder))
        case .unsubscribe, .unsubscribeContainers, .unsubscribeLogs, .unsubscribeStats, .unsubscribeEvents:
            self = .unsubscribe(try Unsubscribe(from: decoder))
        case .ping: self = .ping(try RequestOnly(from: decoder))
        case .authenticate: self = .authenticate(try Authenticate(from: decoder))
        case .subscribeResources: self = .subscribeResources(try SubscribeResources(from: decoder))
        }
    }

    /// Encodes the payload's fields and the `type` tag in one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        switch self {
        case .subscribeContainers(let payload):
            try container.encode(Kind.subscribeContainers, forKey: .type)
            try payload.encode(to: encoder)
        case .subscribeLogs(let payload):
            try container.encode(Kind.subscribeLogs, forKey: .type)
            try payload.encode(to: encoder)
        case .subscribeStats(let payload):
            try container.encode(Kind.subscribeStats, forKey: .type)
            try payload.encode(to: encoder)
        case .subscribeEvents(let payload):
            try container.encode(Kind.subscribeEvents, forKey: .type)
            try payload.encode(to: encoder)
        case .unsubscribe(let payload):
            try container.encode(Kind.unsubscribe, forKey: .type)
            try payload.encode(to: encoder)
        case .ping(let payload):
            try container.encode(Kind.ping, forKey: .type)
            try payload.encode(to: encoder)
        case .authenticate(let payload):
            try container.encode(Kind.authenticate, forKey: .type)
            try payload.encode(to: encoder)
        case .subscribeResources(let payload):
            try container.encode(Kind.subscribeResources, forKey: .type)
            try payload.encode(to: encoder)
        }
    }
}

/// A request with nothing but its id.
public struct RequestOnly: Codable, Sendable, Hashable {
    /// The request id, echoed in the reply.
    public var id: String?
    /// Creates a request.
    public init(id: String? = nil) { self.id = id }
}

/// `subscribe_containers`.
public struct SubscribeContainers: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription id the client chooses (default: the request id, else one is assigned).
    public var sub: String?
    /// One engine, or every engine when absent.
    public var engine: String?
    /// The last `seq` seen per engine, to receive only what was missed.
    public var resume: [String: UInt64]?

    /// Creates a subscription request.
    public init(id: String? = nil, sub: String? = nil, engine: String? = nil, resume: [String: UInt64]? = nil) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.resume = resume
    }
}

/// `subscribe_logs`: which containers, how much history, which lines.
public struct SubscribeLogs: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription id the client chooses.
    public var sub: String?
    /// The engine (default: the first one).
    public var engine: String?
    /// Container ids or names.
    public var containers: [String]?
    /// All containers of this compose project.
    public var project: String?
    /// All containers carrying these labels (`key` or `key=value`, all must match).
    public var labels: [String]?
    /// How many lines of history to send first (default 100; more than the ring holds is fetched from the engine).
    public var tail: Int?
    /// Only lines containing this text (case-sensitive).
    public var contains: String?
    /// Only lines matching this regular expression.
    public var regex: String?
    /// Only this stream: `stdout` or `stderr`.
    public var stream: String?
    /// Only lines at or after this time (RFC 3339 or Unix seconds).
    public var since: String?
    /// The last line `seq` seen per container id, to resume without gap or duplicate.
    public var resume: [String: Int64]?

    /// Creates a subscription request.
    public init(
        id: String? = nil, sub: String? = nil, engine: String? = nil, containers: [String]? = nil, project: String? = nil,
        labels: [String]? = nil, tail: Int? = nil, contains: String? = nil, regex: String? = nil, stream: String? = nil,
        since: String? = nil, resume: [String: Int64]? = nil
    ) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.containers = containers
        self.project = project
        self.labels = labels
        self.tail = tail
        self.contains = contains
        self.regex = regex
        self.stream = stream
        self.since = since
        self.resume = resume
    }
}

/// `subscribe_stats`.
public struct SubscribeStats: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription id the client chooses.
    public var sub: String?
    /// The engine (default: the first one).
    public var engine: String?
    /// The container id or name.
    public var container: String

    /// Creates a subscription request.
    public init(id: String? = nil, sub: String? = nil, engine: String? = nil, container: String) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.container = container
    }
}

/// `subscribe_events`.
public struct SubscribeEvents: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription id the client chooses.
    public var sub: String?
    /// One engine, or every engine when absent.
    public var engine: String?
    /// Only these object types (`container`, `image`, `network`, `volume`, …).
    public var types: [String]?
    /// Only these actions (prefix match: `health_status` matches `health_status: healthy`).
    public var actions: [String]?
    /// Only events about this object (id, id prefix or name).
    public var object: String?
    /// Include healthcheck exec events (`exec_create`, `exec_start`, `exec_die`), filtered out by default.
    public var includeExec: Bool?

    /// Creates a subscription request.
    public init(
        id: String? = nil, sub: String? = nil, engine: String? = nil, types: [String]? = nil, actions: [String]? = nil,
        object: String? = nil, includeExec: Bool? = nil
    ) {
        self.id = id
        self.sub = sub
        self.engine = engine
        self.types = types
        self.actions = actions
        self.object = object
        self.includeExec = includeExec
    }
}

/// `unsubscribe`.
public struct Unsubscribe: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// The subscription to end.
    public var sub: String

    /// Creates an unsubscribe request.
    public init(id: String? = nil, sub: String) {
        self.id = id
        self.sub = sub
    }
}

/// `authenticate`: replaces the connection's token before it expires.
public struct Authenticate: Codable, Sendable, Hashable {
    /// The request id.
    public var id: String?
    /// A fresh access token.
    public var token: String

    /// Creates the message.
    public init(id: String? = nil, token: String) {
        self.id = id
        self.token = token
    }
}
