@testable import CapstanStore
import Foundation
import Testing

@Suite("PostgreSQL store", .timeLimit(.minutes(3)))
struct PostgresStoreTests {
    @Test("an unreachable server at start is unavailable, with the reason")
    func unreachableAtStart() async throws {
        let port = try FreePort.next()
        var configuration = PostgresStoreConfiguration(
            host: "127.0.0.1", port: port, username: "capstan", password: "secret-password", database: "capstan"
        )
        // Generous: a refusal arrives at once, but a loaded 2-core CI machine can take seconds to deliver it.
        configuration.connectTimeout = .seconds(10)
        let started = ContinuousClock.now
        let error = await #expect(throws: CapstanStoreError.unavailable) {
            try await PostgresStore.connect(configuration, logger: TestEnvironment.logger)
        }
        #expect(ContinuousClock.now - started < .seconds(20))
        let message = try #require(error?.message)
        #expect(message.contains("127.0.0.1:\(port)"))
        // Nothing listens there: refused, or reset when another process briefly took the port meanwhile, or a
        // connect timeout when the whole test run keeps the event loops too busy to see the refusal in time.
        #expect(["refused", "reset", "timeout"].contains { message.lowercased().contains($0) }, "\(message)")
        #expect(!message.contains("secret-password"))
    }

    @Test("a wrong password at start is unavailable, saying authentication failed")
    func wrongPassword() async throws {
        var configuration = try PostgresStoreConfiguration(url: try TestEnvironment.databaseURL())
        configuration.password = "wrong-password"
        let error = await #expect(throws: CapstanStoreError.unavailable) {
            try await PostgresStore.connect(configuration, logger: TestEnvironment.logger)
        }
        let message = try #require(error?.message)
        #expect(message.contains("28P01"), "\(message)")
        #expect(!message.contains("wrong-password"))
    }

    @Test("a server that goes away makes calls unavailable; when it is back they work again")
    func serverGoesAwayAndComesBack() async throws {
        let server = try await PrivatePostgresServer.start()
        do {
            var configuration = try PostgresStoreConfiguration(url: server.url)
            // Generous: this runs next to every other suite in one process on a 2-core machine.
            configuration.operationTimeout = .seconds(15)
            configuration.connectTimeout = .seconds(10)
            let store = try await PostgresStore.connect(configuration, logger: TestEnvironment.logger)
            try await store.migrate()
            let alice = try await store.users.create(Fixtures.user("alice"))
            let first = try await store.audit.append(Fixtures.entry("before"))

            try await server.down()
            let started = ContinuousClock.now
            await #expect(throws: CapstanStoreError.unavailable) { try await store.audit.append(Fixtures.entry("during")) }
            await #expect(throws: CapstanStoreError.unavailable) { try await store.users.get(id: alice.id) }
            #expect(ContinuousClock.now - started < .seconds(45))

            try await server.up()
            let recovered = await eventually(timeout: .seconds(60)) {
                (try? await store.users.get(id: alice.id)) == alice
            }
            #expect(recovered)
            let second = try await store.audit.append(Fixtures.entry("after"))
            #expect(second.seq == 2)
            #expect(second.prevHash == first.hash)
            #expect(try await store.audit.verify().isValid)
            try await store.close()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
