/// What `GET /_ping` tells about an engine.
public struct PingResult: Sendable, Hashable {
    /// The engine's newest API version (`Api-Version` header), when it sent one.
    public var apiVersion: APIVersion?
    /// `linux` or `windows` (`Ostype` header).
    public var osType: String?
    /// The `Server` header, e.g. `Docker/20.10.24+dfsg1 (linux)`.
    public var server: String?
    /// Whether experimental features are on.
    public var experimental: Bool
}
