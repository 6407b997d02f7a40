/// A message the server sends over the WebSocket: a JSON object with a `type` tag.
public enum ServerMessage: Codable, Sendable, Hashable {
    /// `welcome`: first message of every connection.
    case welcome(Welcome)
    /// `ok`: a request succeeded (subscribe, unsubscribe).
    case ok(OkReply)
    /// `error`: a request failed; the connection stays up.
    case error(ErrorReply)
    /// `pong`: the answer to `ping`.
    case pong(RequestOnly)
    /// `initial_state`: the container list of one engine (or the deltas missed, when resuming).
    case initialState(InitialState)
    /// `status_change`: one change to the container list.
    case statusChange(StatusChange)
    /// `engine_status`: an engine went up, down, or is reconnecting.
    case engineStatus(EngineStatus)
    /// `log_snapshot`: the history a logs subscription starts with.
    case logSnapshot(LogBatch)
    /// `new_logs`: live lines, in batches.
    case newLogs(LogBatch)
    /// `log_gap`: lines dropped because the client fell behind.
    case logGap(LogGap)
    /// `log_end`: a container of a logs subscription was removed (or the subscription cannot continue).
    case logEnd(LogEnd)
    /// `stats_history`: the samples a stats subscription starts with.
    case statsHistory(StatsHistory)
    /// `stats`: one sample a second.
    case stats(StatsUpdate)
    /// `event`: an engine event.
    case event(EventUpdate)
    /// `resources_snapshot`: a live list of images, volumes or networks.
    case resourcesSnapshot(ResourcesSnapshot)
    /// `resource_change`: one entry of such a list changed.
    case resourceChange(ResourceChange)

    /// The `type` tags.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case welcome, ok, error, pong
        case initialState = "initial_state"
        case statusChange = "status_change"
        case engineStatus = "engine_status"
        case logSnapshot = "log_snapshot"
        case newLogs = "new_logs"
        case logGap = "log_gap"
        case logEnd = "log_end"
        case statsHistory = "stats_history"
        case stats
        case event
        case resourcesSnapshot = "resources_snapshot"
        case resourceChange = "resource_change"
    }

    private enum TypeKey: String, CodingKey { case type }

    /// The tag of this message.
    public var kind: Kind {
        switch self {
        case .welcome: .welcome
        case .ok: .ok
        case .error: .error
        case .pong: .pong
        case .initialState: .initialState
        case .statusChange: .statusChange
        case .engineStatus: .engineStatus
        case .logSnapshot: .logSnapshot
        case .newLogs: .newLogs
        case .logGap: .logGap
        case .logEnd: .logEnd
        case .statsHistory: .statsHistory
        case .stats: .stats
        case .event: .event
        case .resourcesSnapshot: .resourcesSnapshot
        case .resourceChange: .resourceChange
        }
    }

    /// Decodes by the `type` tag.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: TypeKey.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .welcome: self = .welcome(try Welcome(from: decoder))
        case .ok: self = .ok(try OkReply(from: decoder))
        case .error: self = .error(try ErrorReply(from: decoder))
        case .pong: self = .pong(try RequestOnly(from: decoder))
        case .initialState: self = .initialState(try InitialState(from: decoder))
        case .statusChange: self = .statusChange(try StatusChange(from: decoder))
        case .engineStatus: self = .engineStatus(try EngineStatus(from: decoder))
        case .logSnapshot: self = .logSnapshot(try LogBatch(from: decoder))
        case .newLogs: self = .newLogs(try LogBatch(from: decoder))
        case .logGap: self = .logGap(try LogGap(from: decoder))
        case .logEnd: self = .logEnd(try LogEnd(from: decoder))
        case .statsHistory: self = .statsHistory(try StatsHistory(from: decoder))
        case .stats: self = .stats(try StatsUpdate(from: decoder))
        case .event: self = .event(try EventUpdate(from: decoder))
        case .resourcesSnapshot: self = .resourcesSnapshot(try ResourcesSnapshot(from: decoder))
        case .resourceChange: self = .resourceChange(try ResourceChange(from: decoder))
        }
    }

    /// Encodes the payload's fields and the `type` tag in one object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: TypeKey.self)
        try container.encode(kind, forKey: .type)
        switch self {
        case .welcome(let payload): try payload.encode(to: encoder)
        case .ok(let payload): try payload.encode(to: encoder)
        case .error(let payload): try payload.encode(to: encoder)
        case .pong(let payload): try payload.encode(to: encoder)
        case .initialState(let payload): try payload.encode(to: encoder)
        case .statusChange(let payload): try payload.encode(to: encoder)
        case .engineStatus(let payload): try payload.encode(to: encoder)
        case .logSnapshot(let payload): try payload.encode(to: encoder)
        case .newLogs(let payload): try payload.encode(to: encoder)
        case .logGap(let payload): try payload.encode(to: encoder)
        case .logEnd(let payload): try payload.encode(to: encoder)
        case .statsHistory(let payload): try payload.encode(to: encoder)
        case .stats(let payload): try payload.encode(to: encoder)
        case .event(let payload): try payload.encode(to: encoder)
        case .resourcesSnapshot(let payload): try payload.encode(to: encoder)
        case .resourceChange(let payload): try payload.encode(to: encoder)
        }
    }
}
