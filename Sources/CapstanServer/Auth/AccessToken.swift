import CapstanStore
import Crypto
import Foundation

/// Short-lived signed access tokens: JWTs with HMAC-SHA256 and nothing else.
///
/// Hand-written on purpose, so that what is accepted is exactly this: a header whose `alg` is `HS256`
/// (`none` and every other algorithm are refused before any other check), a signature compared in
/// constant time, and an `exp` in the future.
public struct AccessTokenSigner: Sendable {
    /// The claims Capstan puts in a token.
    public struct Claims: Codable, Sendable, Hashable {
        /// Subject: the user id.
        public var sub: String
        /// The user name.
        public var name: String
        /// The role at issue time (the server re-reads the user on every request anyway).
        public var role: String
        /// Issued at (Unix seconds).
        public var iat: Int64
        /// Expires at (Unix seconds).
        public var exp: Int64
        /// Token id.
        public var jti: String

        /// Creates claims.
        public init(sub: String, name: String, role: String, iat: Int64, exp: Int64, jti: String) {
            self.sub = sub
            self.name = name
            self.role = role
            self.iat = iat
            self.exp = exp
            self.jti = jti
        }
    }

    /// Why a token was refused.
    public enum Rejection: Error, Sendable, Hashable {
        case malformed, unsupportedAlgorithm, badSignature, expired
    }

    // The raw bytes (Sendable); a SymmetricKey is made per use.
    private let keyBytes: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: keyBytes) }

    /// A signer with this key (at least 32 bytes).
    public init(key: [UInt8]) {
        precondition(key.count >= 32, "the signing key must have at least 32 bytes")
        self.keyBytes = key
    }

    /// Signs claims into a compact JWT.
    public func sign(_ claims: Claims) -> String {
        let header = Self.base64URL(Data(#"{"alg":"HS256","typ":"JWT"}"#.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let payload = Self.base64URL((try? encoder.encode(claims)) ?? Data())
        let input = header + "." + payload
        let signature = HMAC<SHA256>.authenticationCode(for: Data(input.utf8), using: key)
        return input + "." + Self.base64URL(Data(signature))
    }

    /// Verifies a token and returns its claims.
    public func verify(_ token: String, now: Date = Date()) throws(Rejection) -> Claims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let headerData = Self.decodeBase64URL(parts[0]) else { throw .malformed }
        struct Header: Decodable {
            let alg: String
        }
        guard let header = try? JSONDecoder().decode(Header.self, from: headerData) else { throw .malformed }
        guard header.alg == "HS256" else { throw .unsupportedAlgorithm }
        guard let signature = Self.decodeBase64URL(parts[2]) else { throw .malformed }
        let input = Data("\(parts[0]).\(parts[1])".utf8)
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: input, using: key) else {
            throw .badSignature
        }
        guard let payload = Self.decodeBase64URL(parts[1]),
            let claims = try? JSONDecoder().decode(Claims.self, from: payload)
        else { throw .malformed }
        guard Int64(now.timeIntervalSince1970) < claims.exp else { throw .expired }
        return claims
    }

    /// Base64url without padding, as JWTs use it.
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decodeBase64URL(_ text: Substring) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
