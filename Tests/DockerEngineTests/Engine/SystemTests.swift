import DockerEngine
import Testing

@Suite("System endpoints against the real engine")
struct SystemTests {
    @Test func pingNegotiatesTheEngineVersion() async throws {
        try await TestEngine.withClient { client in
            let ping = try await client.ping()
            let engineVersion = try #require(ping.apiVersion)
            #expect(client.apiVersion == min(engineVersion, APIVersion.maximumSupported))
            #expect(ping.osType == "linux")
            let version = try await client.version()
            #expect(APIVersion(version.apiVersion) == engineVersion)
            #expect(!version.version.isEmpty)
        }
    }

    @Test func infoAndDiskUsageDescribeTheEngine() async throws {
        try await TestEngine.withClient { client in
            let info = try await client.info()
            #expect((info.ncpu ?? 0) > 0)
            #expect((info.memTotal ?? 0) > 0)
            // Other suites import images meanwhile: only a lower bound is stable on a shared engine.
            #expect((info.images ?? 0) >= 1)
            let usage = try await client.diskUsage()
            #expect(usage.images?.contains { ($0.repoTags ?? []).contains(TestEngine.image) } == true)
            let document = try await client.infoDocument()
            #expect(String(buffer: document).contains("\"ServerVersion\""))
        }
    }

    @Test func aVanishedSocketIsUnreachable() async throws {
        let host = DockerHost(endpoint: .unix(path: "/tmp/capstan-no-such-engine-\(TestEngine.uniqueName("s")).sock"))
        try await DockerClient.withClient(host: host) { client in
            let error = await expectDockerError(.unreachable) { try await client.listContainers() }
            #expect(error?.status == nil)
            #expect(error?.message.contains("cannot reach") == true)
        }
    }
}
