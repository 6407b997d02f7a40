import CapstanWire
import HummingbirdTesting
import Testing

/// Volumes: create, list and inspect with usage, remove, prune.
@Suite struct VolumeRoutesTests {
    @Test func volumeIsCreatedListedInspectedAndRemovedOnceUnused() async throws {
        try await withCapstan { test in
            let name = try await Self.createVolume(test, "data")
            var listed = try await Self.listOwn(test)
            #expect(listed.map(\.name) == [name])
            #expect(listed.first?.inUse == false)
            #expect(listed.first?.labels["capstan.test.run"] == test.scope.run)

            let user = try await test.createContainer("volume-user", binds: ["\(name):/data"])
            listed = try await Self.listOwn(test)
            #expect(listed.first?.inUse == true)
            #expect(listed.first?.refCount == 1)

            let inspected = try await test.client.send(.get, api("volumes/\(name)"))
            expectStatus(inspected, .ok)
            let view = try inspected.decode(VolumeView.self)
            #expect(view.name == name)
            #expect(view.driver == "local")
            #expect(view.inUse == true)
            #expect(view.refCount == 1)
            #expect(view.mountpoint?.hasSuffix("/\(name)/_data") == true)

            expectError(try await test.client.send(.delete, api("volumes/\(name)")), .conflict, code: "conflict")
            expectStatus(try await test.client.send(.get, api("volumes/\(name)")), .ok)

            expectStatus(try await test.client.send(.delete, api("containers/\(user.id)")), .noContent)
            let removed = try await test.client.send(.delete, api("volumes/\(name)"))
            expectStatus(removed, .noContent)
            expectError(try await test.client.send(.get, api("volumes/\(name)")), .notFound, code: "not_found")
            #expect(try await Self.listOwn(test).isEmpty)
        }
    }

    @Test func badVolumeRequestsAre400() async throws {
        try await withCapstan { test in
            let invalid = try await test.client.send(.post, api("volumes"), json: #"{"Name":"-bad"}"#)
            expectError(invalid, .badRequest, code: "bad_request", field: "Name")
            let wrongType = try await test.client.send(.post, api("volumes"), json: #"{"Name":["a"]}"#)
            expectError(wrongType, .badRequest, code: "bad_request", field: "Name")
            expectError(try await test.client.send(.get, api("volumes/a..b")), .badRequest, code: "bad_request", field: "volume")
            expectError(try await test.client.send(.get, api("volumes/nosuch-\(test.scope.run)")), .notFound, code: "not_found")
        }
    }

    @Test func pruneReclaimsUnusedVolumesOnly() async throws {
        try await withCapstan(on: .dedicated) { test in
            let unused = try await Self.createVolume(test, "prune-unused")
            let used = try await Self.createVolume(test, "prune-used")
            _ = try await test.createContainer("prune-holder", binds: ["\(used):/data"])

            let response = try await test.client.send(.post, api("volumes/prune"))
            expectStatus(response, .ok)
            let report = try response.json()
            #expect(report["kind"].string == "volumes")
            #expect(report["spaceReclaimed"].number != nil)
            // The engine is the test's own: the unused volume is all there is to prune.
            #expect(report["deleted"] == .array([.string(unused)]), "\(response.text)")
            #expect(try await Self.listOwn(test).map(\.name) == [used])
        }
    }

    /// `POST …/volumes` with a name and the test's labels; expects 201 and the volume.
    static func createVolume(_ test: TestContext, _ prefix: String) async throws -> String {
        struct Body: Encodable {
            let name: String
            let labels: [String: String]
            enum CodingKeys: String, CodingKey { case name = "Name", labels = "Labels" }
        }
        let name = test.scope.volumeName(prefix)
        let response = try await test.client.send(.post, api("volumes"), encoding: Body(name: name, labels: test.scope.labels))
        expectStatus(response, .created)
        let view = try response.decode(VolumeView.self)
        #expect(view.name == name)
        #expect(view.engine == engineName)
        #expect(view.labels == test.scope.labels)
        return view.name
    }

    static func listOwn(_ test: TestContext) async throws -> [VolumeView] {
        let response = try await test.client.send(.get, api("volumes"), query: ["filters": test.scope.runFilter])
        expectStatus(response, .ok)
        return try response.decode([VolumeView].self)
    }
}
