/// A container's place on one network, as the container list reports it.
///
/// The network list leaves `Containers` empty and only a network's inspect fills it; reading the
/// attachments from one container list gives every network's containers in a single call.
public struct ContainerNetworkAttachment: Sendable, Hashable {
    /// The network id.
    public var networkID: String
    /// The container id.
    public var containerID: String
    /// The container's name.
    public var containerName: String
    /// The container's IPv4 address on the network, when it has one.
    public var ipv4Address: String?
}

/// Just the network part of a `GET /containers/json` row.
struct ContainerNetworkRow: Decodable {
    let id: String
    let names: [String]
    let networkSettings: Settings?

    struct Settings: Decodable {
        let networks: [String: Endpoint]?
        enum CodingKeys: String, CodingKey { case networks = "Networks" }
    }

    struct Endpoint: Decodable {
        let networkID: String?
        let ipAddress: String?
        enum CodingKeys: String, CodingKey { case networkID = "NetworkID", ipAddress = "IPAddress" }
    }

    enum CodingKeys: String, CodingKey { case id = "Id", names = "Names", networkSettings = "NetworkSettings" }

    /// Its attachments; a created container has an endpoint config but no network id yet, and is left out
    /// (as a network's inspect leaves it out).
    var attachments: [ContainerNetworkAttachment] {
        let name = (names.first ?? id).drop { $0 == "/" }
        return (networkSettings?.networks ?? [:]).values.compactMap { endpoint in
            guard let network = endpoint.networkID, !network.isEmpty else { return nil }
            let address = endpoint.ipAddress.flatMap { $0.isEmpty ? nil : $0 }
            return ContainerNetworkAttachment(networkID: network, containerID: id, containerName: String(name), ipv4Address: address)
        }
    }
}
