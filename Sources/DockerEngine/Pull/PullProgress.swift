/// Reads the engine's pull stream (`POST /images/create?fromImage=`) line by line: a pure value, no I/O.
///
/// Each ``ProgressMessage`` becomes one ``PullUpdate``; the value remembers each layer's last state,
/// the digest and the final status, so the caller can say at the end what happened. Lines with a
/// layer `id` are layer progress; lines without are about the pull as a whole; an `error` (the engine's
/// way of failing after its 200) is a failure however the rest of the line looks.
public struct PullProgress: Sendable {
    /// Layer ids in the order they first appeared.
    public private(set) var layers: [String] = []
    /// Each layer's last status.
    public private(set) var layerStatus: [String: String] = [:]
    /// The manifest digest, from `Digest: sha256:…`.
    public private(set) var digest: String?
    /// The final status text without its `Status: ` prefix (`Downloaded newer image for …`, `Image is up to date for …`).
    public private(set) var finalStatus: String?
    /// The failure message, once a line reported one.
    public private(set) var failure: String?

    /// Creates an empty progress.
    public init() {}

    /// Whether the image was already up to date (nothing was downloaded).
    public var upToDate: Bool { finalStatus?.hasPrefix("Image is up to date") ?? false }

    /// Reads one line.
    public mutating func consume(_ message: ProgressMessage) -> PullUpdate {
        if let failure = message.errorDetail?.message ?? message.error {
            self.failure = failure
            return .failed(failure)
        }
        let status = message.status ?? ""
        // "Pulling from repo" carries the tag as its id; it is not a layer.
        if let id = message.id, !id.isEmpty, !status.hasPrefix("Pulling from") {
            if layerStatus[id] == nil { layers.append(id) }
            layerStatus[id] = status
            return .layer(id: id, status: status, current: message.progressDetail?.current, total: message.progressDetail?.total)
        }
        if status.hasPrefix("Digest: ") {
            digest = String(status.dropFirst("Digest: ".count))
        } else if status.hasPrefix("Status: ") {
            finalStatus = String(status.dropFirst("Status: ".count))
        }
        let text = message.id.map { "\(status) \($0)" } ?? status
        return .status(text)
    }
}
