@testable import CapstanStore
import Testing

@Suite("PostgreSQL URL")
struct PostgresStoreConfigurationTests {
    @Test("a full URL")
    func fullURL() throws {
        let configuration = try PostgresStoreConfiguration(url: "postgres://capstan:s3cr%40t@db.example.com:6543/capstan_prod?sslmode=require")
        #expect(configuration.host == "db.example.com")
        #expect(configuration.port == 6543)
        #expect(configuration.username == "capstan")
        #expect(configuration.password == "s3cr@t")
        #expect(configuration.database == "capstan_prod")
        #expect(configuration.tlsMode == .require)
    }

    @Test("defaults: port 5432, database = user, TLS off on loopback and verified elsewhere")
    func defaults() throws {
        let local = try PostgresStoreConfiguration(url: "postgresql://me@127.0.0.1")
        #expect(local.port == 5432)
        #expect(local.database == "me")
        #expect(local.password == nil)
        #expect(local.tlsMode == .disable)
        #expect(try PostgresStoreConfiguration(url: "postgres://me@localhost/x").tlsMode == .disable)
        #expect(try PostgresStoreConfiguration(url: "postgres://me@[::1]:5433/x").host == "::1")
        #expect(try PostgresStoreConfiguration(url: "postgres://me@[::1]:5433/x").tlsMode == .disable)
        #expect(try PostgresStoreConfiguration(url: "postgres://me@127.8.9.10/x").tlsMode == .disable)
        #expect(try PostgresStoreConfiguration(url: "postgres://me@db/x").tlsMode == .verifyFull)
        #expect(try PostgresStoreConfiguration(url: "postgres://me@127.0.0.1.evil.com/x").tlsMode == .verifyFull)
        #expect(try PostgresStoreConfiguration(url: "postgres://me@db/x?sslmode=disable").tlsMode == .disable)
    }

    @Test("parameters", arguments: [
        ("postgres://u@h/d?sslmode=verify-ca", PostgresStoreConfiguration.TLSMode.verifyCA),
        ("postgres://u@h/d?sslmode=prefer", .prefer),
        ("postgres://u@h/d?sslmode=verify-full&sslrootcert=/etc/ca.pem", .verifyFull),
    ])
    func parameters(_ url: String, _ mode: PostgresStoreConfiguration.TLSMode) throws {
        #expect(try PostgresStoreConfiguration(url: url).tlsMode == mode)
    }

    @Test("connect_timeout and sslrootcert")
    func otherParameters() throws {
        let configuration = try PostgresStoreConfiguration(url: "postgres://u@h/d?connect_timeout=7&sslrootcert=/ca.pem")
        #expect(configuration.connectTimeout == .seconds(7))
        #expect(configuration.rootCertificatePath == "/ca.pem")
    }

    @Test("malformed URLs are invalid configuration", arguments: [
        "mysql://u@h/d", "postgres://h/d", "postgres://u@/d", "not a url", "postgres://u@h/d?sslmode=maybe",
        "postgres://u@h/d?connect_timeout=-1", "postgres://u@h/d?application_name=x", "postgres://u@h/a/b",
    ])
    func malformed(_ url: String) {
        #expect(throws: CapstanStoreError.invalidConfiguration) { try PostgresStoreConfiguration(url: url) }
    }

    @Test("the description never shows the password")
    func redacted() throws {
        let configuration = try PostgresStoreConfiguration(url: "postgres://capstan:hunter2@127.0.0.1:5432/capstan")
        #expect(configuration.description == "postgres://capstan:***@127.0.0.1:5432/capstan?sslmode=disable")
        #expect(!"\(configuration)".contains("hunter2"))
        #expect(!String(reflecting: configuration).contains("hunter2"))
        var dumped = ""
        dump(configuration, to: &dumped)
        #expect(!dumped.contains("hunter2"))
        #expect(dumped.contains("capstan"))
        let error = #expect(throws: CapstanStoreError.invalidConfiguration) {
            try PostgresStoreConfiguration(url: "postgres://capstan:hunter2@h/d?sslmode=bad")
        }
        #expect(error?.message.contains("hunter2") == false)
    }

    @Test("the client configuration carries TLS, timeouts and the schema")
    func clientConfiguration() throws {
        var configuration = try PostgresStoreConfiguration(url: "postgres://u:p@127.0.0.1:7777/d")
        configuration.schema = "tenant_a"
        configuration.maximumConnections = 3
        let client = try configuration.clientConfiguration()
        #expect(client.host == "127.0.0.1")
        #expect(client.port == 7777)
        #expect(client.options.maximumConnections == 3)
        #expect(client.options.additionalStartupParameters.contains { $0 == ("search_path", "tenant_a") })
        let connection = try configuration.connectionConfiguration()
        #expect(connection.tls.isAllowed == false)
        configuration.tlsMode = .require
        #expect(try configuration.connectionConfiguration().tls.isEnforced)
    }
}
