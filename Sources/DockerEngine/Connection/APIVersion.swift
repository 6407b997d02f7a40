/// A Docker Engine API version such as `1.41`.
public struct APIVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The major number (always 1 so far).
    public var major: Int
    /// The minor number.
    public var minor: Int

    /// Creates a version from its numbers.
    public init(_ major: Int, _ minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// Parses `"1.41"`; `nil` for anything else.
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: ".")
        guard parts.count == 2, let major = Int(parts[0]), let minor = Int(parts[1]) else { return nil }
        self.init(major, minor)
    }

    /// The oldest version this client speaks (docker CLI and docker-py agree on 1.24).
    public static let minimumSupported = APIVersion(1, 24)
    /// The newest version this client knows; newer engines are asked for this one.
    public static let maximumSupported = APIVersion(1, 47)

    /// `1.41`.
    public var description: String { "\(major).\(minor)" }

    /// Orders by major, then minor.
    public static func < (lhs: APIVersion, rhs: APIVersion) -> Bool {
        (lhs.major, lhs.minor) < (rhs.major, rhs.minor)
    }
}
