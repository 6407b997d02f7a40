import CapstanWire
import LiveHub

extension LiveConnection {
    /// `subscribe_resources`: one engine's list (or every engine's) of images, volumes or networks.
    ///
    /// A failure on one engine takes back what was attached on the others, so the request either
    /// fully holds or fully fails.
    func subscribeResources(_ message: SubscribeResources, sub: String, queue: ClientQueue) async throws {
        guard let kind = ResourceKind(rawValue: message.kind) else {
            let known = ResourceKind.allCases.map(\.rawValue).joined(separator: ", ")
            throw HubError(code: "bad_message", message: "kind must be one of \(known), not '\(message.kind)'", field: "kind")
        }
        let hubs: [ResourceHub]
        if let name = message.engine {
            guard let hub = hub.resources.engine(name) else {
                throw HubError(code: "not_found", message: "no engine named '\(name)'", field: "engine")
            }
            hubs = [hub]
        } else {
            hubs = hub.resources.engines
        }
        do {
            for resourceHub in hubs {
                try await resourceHub.subscribe(queue: queue, sub: sub, requestID: message.id, kind: kind)
            }
        } catch {
            hub.resources.unsubscribe(queue: queue, sub: sub)
            throw error
        }
    }
}
