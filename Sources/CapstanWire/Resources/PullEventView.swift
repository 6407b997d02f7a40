/// One line of an image pull's progress stream (`POST …/images/pull`, `application/x-ndjson`).
///
/// `progress` and `status` lines come while the engine works; the last line is always `done` or
/// `error`:
///
/// ```json
/// {"type":"progress","layer":"34182f2167a8","status":"Downloading","current":163840,"total":1028169}
/// {"type":"status","status":"Digest: sha256:9f84…"}
/// {"type":"done","image":"registry:5000/app:v1","id":"sha256:…","digest":"sha256:9f84…","status":"Downloaded newer image for registry:5000/app:v1","upToDate":false}
/// {"type":"error","code":"pull_failed","message":"cannot pull registry:5000/app:v1: …"}
/// ```
public enum PullEventView: Codable, Sendable, Hashable {
    /// A layer's state and, while downloading or extracting, its bytes.
    case progress(layer: String, status: String, current: Int64?, total: Int64?)
    /// A message about the pull as a whole.
    case status(String)
    /// The pull finished: the image, its local id, the manifest digest and the engine's last word.
    case done(image: String, id: String?, digest: String?, status: String?, upToDate: Bool)
    /// The pull failed; nothing follows.
    case error(code: String, message: String)

    private enum CodingKeys: String, CodingKey {
        case type, layer, status, current, total, image, id, digest, upToDate, code, message
    }

    /// Encodes the flat `{"type":…}` object.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .progress(let layer, let status, let current, let total):
            try container.encode("progress", forKey: .type)
            try container.encode(layer, forKey: .layer)
            try container.encode(status, forKey: .status)
            try container.encodeIfPresent(current, forKey: .current)
            try container.encodeIfPresent(total, forKey: .total)
        case .status(let status):
            try container.encode("status", forKey: .type)
            try container.encode(status, forKey: .status)
        case .done(let image, let id, let digest, let status, let upToDate):
            try container.encode("done", forKey: .type)
            try container.encode(image, forKey: .image)
            try container.encodeIfPresent(id, forKey: .id)
            try container.encodeIfPresent(digest, forKey: .digest)
            try container.encodeIfPresent(status, forKey: .status)
            try container.encode(upToDate, forKey: .upToDate)
        case .error(let code, let message):
            try container.encode("error", forKey: .type)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
        }
    }

    /// Decodes a line by its `type`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .type) {
        case "progress":
            self = .progress(
                layer: try container.decode(String.self, forKey: .layer), status: try container.decode(String.self, forKey: .status),
                current: try container.decodeIfPresent(Int64.self, forKey: .current),
                total: try container.decodeIfPresent(Int64.self, forKey: .total)
            )
        case "status":
            self = .status(try container.decode(String.self, forKey: .status))
        case "done":
            self = .done(
                image: try container.decode(String.self, forKey: .image), id: try container.decodeIfPresent(String.self, forKey: .id),
                digest: try container.decodeIfPresent(String.self, forKey: .digest),
                status: try container.decodeIfPresent(String.self, forKey: .status),
                upToDate: try container.decodeIfPresent(Bool.self, forKey: .upToDate) ?? false
            )
        case "error":
            self = .error(code: try container.decode(String.self, forKey: .code), message: try container.decode(String.self, forKey: .message))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown pull event type '\(other)'")
        }
    }
}
