/// One entry of a live resource list: an image, a volume or a network, encoded as that view's own object.
public enum ResourceItemView: Codable, Sendable, Hashable {
    /// An image.
    case image(ImageView)
    /// A volume.
    case volume(VolumeView)
    /// A network.
    case network(NetworkView)

    /// The key of the entry in its list: the image id, the volume name or the network id.
    public var key: String {
        switch self {
        case .image(let image): image.id
        case .volume(let volume): volume.name
        case .network(let network): network.id
        }
    }

    /// The image, when it is one.
    public var image: ImageView? { if case .image(let value) = self { value } else { nil } }
    /// The volume, when it is one.
    public var volume: VolumeView? { if case .volume(let value) = self { value } else { nil } }
    /// The network, when it is one.
    public var network: NetworkView? { if case .network(let value) = self { value } else { nil } }

    /// Encodes the wrapped view as it is (the message's `kind` says which it is).
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .image(let value): try value.encode(to: encoder)
        case .volume(let value): try value.encode(to: encoder)
        case .network(let value): try value.encode(to: encoder)
        }
    }

    /// Decodes whichever view the object is: images have `dangling`, networks `predefined`, volumes `mountpoint`/`driver` only.
    public init(from decoder: any Decoder) throws {
        let keys = try decoder.container(keyedBy: AnyKey.self)
        if keys.contains(AnyKey("dangling")) {
            self = .image(try ImageView(from: decoder))
        } else if keys.contains(AnyKey("predefined")) {
            self = .network(try NetworkView(from: decoder))
        } else {
            self = .volume(try VolumeView(from: decoder))
        }
    }

    private struct AnyKey: CodingKey {
        let stringValue: String
        init(_ string: String) { stringValue = string }
        init?(stringValue: String) { self.stringValue = stringValue }
        var intValue: Int? { nil }
        init?(intValue: Int) { nil }
    }
}
