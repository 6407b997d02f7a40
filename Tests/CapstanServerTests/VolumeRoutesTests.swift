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

            let conflict = expectError(try await test.client.send(.delete, api("volumes/\(name)")), .conflict, code: "conflict")
            #expect(conflict?.message.contains("in use by container \(user.name)") == true, "\(conflict?.message ?? "")")
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
            // 100,000 bytes written into the volume that will be pruned, by a container removed afterwards.
            let writer = try await test.createContainer(
                "prune-writer", cmd: ["sh", "-c", "head -c 100000 /dev/zero > /data/zeros"], binds: ["\(unused):/data"]
            )
            expectStatus(try await test.action(writer.id, "start"), .ok)
            let waited = try await test.action(writer.id, "wait")
            #expect(try waited.json()["statusCode"].number == 0, "\(waited.text)")
            expectStatus(try await test.client.send(.delete, api("containers/\(writer.id)")), .noContent)
            _ = try await test.createContainer("prune-holder", binds: ["\(used):/data"])

            let sized = try await test.client.send(.get, api("volumes"), query: ["filters": test.scope.runFilter, "size": "1"])
            let before = try sized.decode([VolumeView].self)
            #expect(before.first { $0.name == unused }?.size == 100_000, "\(sized.text)")
            #expect(before.first { $0.name == unused }?.inUse == false)
            #expect(before.first { $0.name == used }?.inUse == true)
            #expect(try await Self.listOwn(test).allSatisfy { $0.size == nil }, "sizes only on request")

            let response = try await test.client.send(.post, api("volumes/prune"))
            expectStatus(response, .ok)
            let report = try response.json()
            #expect(report["kind"].string == "volumes")
            #expect(report["spaceReclaimed"].number == 100_000, "the bytes the volume held: \(response.text)")
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
