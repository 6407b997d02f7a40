import DockerEngine
import Foundation
import Testing

@Suite("An engine over tcp:// with TLS")
struct TLSEngineTests {
    private var environment: [String: String] {
        get throws {
            let env = ProcessInfo.processInfo.environment
            guard let host = env["CAPSTAN_TEST_TLS_DOCKER_HOST"], let certs = env["CAPSTAN_TEST_TLS_CERT_PATH"] else {
                throw TestSetupError("CAPSTAN_TEST_TLS_DOCKER_HOST / CAPSTAN_TEST_TLS_CERT_PATH are not set: run scripts/test")
            }
            return ["DOCKER_HOST": host, "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": certs]
        }
    }

    @Test func theClientReachesAVerifiedTLSEngine() async throws {
        let host = try DockerHost.fromEnvironment(try environment)
        #expect(host.tls?.verify == true)
        #expect(host.tls?.caFile != nil && host.tls?.certificateFile != nil)
        try await DockerClient.withClient(host: host) { client in
            let ping = try await client.ping()
            #expect(ping.apiVersion != nil)
            #expect(!(try await client.version().version.isEmpty))
            _ = try await client.listContainers()
            // Streams work over TLS too: a replayed window of events ends by itself.
            let now = DockerTimestamp(date: Date())
            for try await _ in try await client.events(since: DockerTimestamp(seconds: now.seconds - 1, nanoseconds: 0), until: now) {}
        }
    }

    @Test func withoutAClientCertificateTheHandshakeFails() async throws {
        var env = try environment
        let host = try DockerHost.fromEnvironment(env)
        var noCertificate = host
        noCertificate.tls?.certificateFile = nil
        noCertificate.tls?.keyFile = nil
        try await DockerClient.withClient(host: noCertificate) { client in
            await expectDockerError(.unreachable) { try await client.ping() }
        }
        // And plain HTTP to the TLS port is refused by the engine with a clear 400.
        env["DOCKER_TLS_VERIFY"] = nil
        let plain = try DockerHost.fromEnvironment(env)
        #expect(plain.tls == nil)
        try await DockerClient.withClient(host: plain) { client in
            let error = await expectDockerError(.badRequest) { try await client.ping() }
            #expect(error?.message.contains("HTTPS") == true)
        }
    }
}
