import DockerEngine
import Testing

@Suite("DockerHost parsing")
struct DockerHostTests {
    @Test func schemesAndDefaults() throws {
        #expect(try DockerHost.parse("").endpoint == .unix(path: "/var/run/docker.sock"))
        #expect(try DockerHost.parse("unix:///tmp/d.sock").endpoint == .unix(path: "/tmp/d.sock"))
        #expect(try DockerHost.parse("/tmp/d.sock").endpoint == .unix(path: "/tmp/d.sock"))
        #expect(try DockerHost.parse("tcp://127.0.0.1:2376").endpoint == .tcp(host: "127.0.0.1", port: 2376))
        #expect(try DockerHost.parse("tcp://docker.example").endpoint == .tcp(host: "docker.example", port: 2375))
        #expect(try DockerHost.parse("10.0.0.5:2375").endpoint == .tcp(host: "10.0.0.5", port: 2375))
        #expect(try DockerHost.parse("tcp://[::1]:2376").endpoint == .tcp(host: "::1", port: 2376))
        #expect(throws: DockerError.self) { try DockerHost.parse("ssh://user@host") }
        #expect(throws: DockerError.self) { try DockerHost.parse("tcp://host:99999") }
        #expect(throws: DockerError.self) { try DockerHost.parse("tcp://:2376") }
    }

    @Test func environmentDecidesTLSLikeTheDockerCLI() throws {
        let plain = try DockerHost.fromEnvironment(["DOCKER_HOST": "tcp://h:2376", "DOCKER_CERT_PATH": "/nonexistent"])
        #expect(plain.tls == nil)  // a cert path alone does not turn TLS on (CLI behaviour)
        let verified = try DockerHost.fromEnvironment(["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": "/nonexistent"])
        #expect(verified.tls?.verify == true)
        #expect(verified.tls?.caFile == nil)  // missing files are simply not used
        let unverified = try DockerHost.fromEnvironment(["DOCKER_HOST": "tcp://h:2376", "DOCKER_TLS": "1"])
        #expect(unverified.tls?.verify == false)
        let local = try DockerHost.fromEnvironment(["DOCKER_TLS_VERIFY": "1"])
        #expect(local.endpoint == .unix(path: "/var/run/docker.sock"))
        #expect(local.tls == nil)
    }
}
