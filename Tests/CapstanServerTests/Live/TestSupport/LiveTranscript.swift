import CapstanWire
import HummingbirdWSClient

/// Everything one test client received on its WebSocket, in order, plus per-subscription indexes
/// that keep the conditions tests wait on cheap (a slow-client test receives thousands of frames).
struct LiveTranscript: Sendable {
    /// Every decoded server message, in arrival order.
    var messages: [ServerMessage] = []
    /// Every text frame as received.
    var texts: [String] = []
    /// Text frames that did not decode as a `ServerMessage` (a test fails on any).
    var undecodable: [String] = []
    /// Per subscription, the log lines of its `log_snapshot`s and `new_logs`, in arrival order.
    var lines: [String: [LiveLogLine]] = [:]
    /// Per subscription, its `status_change` messages, in arrival order.
    var changes: [String: [StatusChange]] = [:]
    /// The connection ended (closed by either side, or failed).
    var ended = false
    /// The close frame the server sent, when it sent one.
    var close: WebSocketCloseFrame?
    /// Why the connection failed, when it did.
    var failure: String?

    /// The messages of one subscription.
    func messages(of sub: String) -> [ServerMessage] { messages.filter { $0.sub == sub } }

    /// The `ok` or `error` answering request `id`.
    func reply(to id: String) -> ServerMessage? {
        messages.first { message in
            switch message {
            case .ok(let ok): ok.id == id
            case .error(let error): error.id == id
            default: false
            }
        }
    }

    /// The message types received, for failure messages.
    var summary: String {
        let kinds = messages.suffix(30).map { message -> String in
            switch message {
            case .error(let error): "error(\(error.code): \(error.message))"
            case .newLogs(let batch), .logSnapshot(let batch): "\(message.kind.rawValue)(\(batch.lines.count))"
            default: message.kind.rawValue
            }
        }
        let end = ended ? " [ended: close \(close.map { "\($0.closeCode)" } ?? "none") \(failure ?? "")]" : ""
        return "\(messages.count) messages, last: \(kinds.joined(separator: ", "))\(end)"
    }

    mutating func record(_ text: String, as message: ServerMessage) {
        texts.append(text)
        messages.append(message)
        switch message {
        case .logSnapshot(let batch), .newLogs(let batch):
            lines[batch.sub, default: []].append(contentsOf: batch.lines)
        case .statusChange(let change):
            if let sub = change.sub { changes[sub, default: []].append(change) }
        default:
            break
        }
    }
}

extension ServerMessage {
    /// The subscription a message belongs to, when it belongs to one.
    var sub: String? {
        switch self {
        case .welcome, .pong, .engineStatus: nil
        case .ok(let reply): reply.sub
        case .error(let reply): reply.sub
        case .initialState(let state): state.sub
        case .statusChange(let change): change.sub
        case .logSnapshot(let batch), .newLogs(let batch): batch.sub
        case .logGap(let gap): gap.sub
        case .logEnd(let end): end.sub
        case .statsHistory(let history): history.sub
        case .stats(let update): update.sub
        case .event(let update): update.sub
        case .resourcesSnapshot(let snapshot): snapshot.sub
        case .resourceChange(let change): change.sub
        }
    }
}
