import CapstanWire
import HummingbirdTesting
import NIOCore
import Testing

/// Images: list with usage, inspect by a percent-encoded reference, import, remove, prune.
@Suite struct ImageRoutesTests {
    @Test func listShowsTheTestImageInUseAndInspectFindsIt() async throws {
        try await withCapstan { test in
            _ = try await test.createContainer("image-user")
            let images = try await Self.list(test)
            let image = try #require(images.first { $0.tags.contains(test.scope.image) }, "\(images.map(\.tags))")
            #expect(image.inUse == true)
            #expect((image.containers ?? 0) >= 1)
            #expect(image.dangling == false)
            #expect(image.engine == engineName)

            let encoded = test.scope.image.replacingOccurrences(of: "/", with: "%2F")
            let inspected = try await test.client.send(.get, api("images/\(encoded)"))
            expectStatus(inspected, .ok)
            let document = try inspected.json()
            #expect(document["Id"].string == image.id)
            #expect(document["RepoTags"].array?.contains(.string(test.scope.image)) == true)

            // Unencoded, the slash splits the path: no image route has that shape.
            expectError(try await test.client.send(.get, api("images/\(test.scope.image)")), .notFound, code: "not_found")
            let missing = "\(test.scope.repository("missing").replacingOccurrences(of: "/", with: "%2F")):v1"
            expectError(try await test.client.send(.get, api("images/\(missing)")), .notFound, code: "not_found")
            expectError(try await test.client.send(.get, api("images/-bad")), .badRequest, code: "bad_request", field: "image")
        }
    }

    @Test func importedTarballBecomesAnUnusedImage() async throws {
        try await withCapstan { test in
            let repository = test.scope.repository("imported")
            let id = try await Self.importImage(test, repository: repository, tag: "v1", contents: "hello")

            let image = try #require(try await Self.list(test).first { $0.id == id })
            #expect(image.tags == ["\(repository):v1"])
            #expect(image.inUse == false)
            #expect(image.containers == 0)
            #expect(image.labels["capstan.test.run"] == test.scope.run, "the LABEL change was applied")

            let encoded = "\(repository.replacingOccurrences(of: "/", with: "%2F")):v1"
            let document = try await test.client.send(.get, api("images/\(encoded)")).json()
            #expect(document["Id"].string == id)
            #expect(document["RootFS"]["Layers"].array?.count == 1)
        }
    }

    @Test func importRefusesWhatIsNotATarball() async throws {
        try await withCapstan { test in
            let repository = test.scope.repository("not-tar")
            test.scope.track(image: "\(repository):v1")
            let garbage = try await test.client.send(
                .post, api("images/import"), query: ["repo": repository, "tag": "v1"], body: ByteBuffer(string: "not a tarball"),
                contentType: "application/x-tar"
            )
            expectError(garbage, .badRequest, code: "bad_request", field: "body")
            let empty = try await test.client.send(
                .post, api("images/import"), query: ["repo": repository, "tag": "v1"], body: ByteBuffer(), contentType: "application/x-tar"
            )
            expectError(empty, .badRequest, code: "bad_request", field: "body")
            expectError(try await test.client.send(.post, api("images/import")), .badRequest, code: "bad_request", field: "repo")
            let encoded = "\(repository.replacingOccurrences(of: "/", with: "%2F")):v1"
            expectError(try await test.client.send(.get, api("images/\(encoded)")), .notFound, code: "not_found")
        }
    }

    @Test func removeRefusesAnImageInUseThenUntagsAndDeletesIt() async throws {
        try await withCapstan { test in
            let repository = test.scope.repository("removable")
            let id = try await Self.importImage(test, repository: repository, tag: "v1", contents: "remove me")
            let reference = "\(repository):v1"
            let path = api("images/\(reference.replacingOccurrences(of: "/", with: "%2F"))")
            // Created, never started: the image has no program to run, and needs none to be in use.
            let user = try await test.createContainer("image-holder", cmd: ["/nothing"], image: reference)
            #expect(try await Self.list(test).first { $0.id == id }?.inUse == true)

            let conflict = expectError(try await test.client.send(.delete, path), .conflict, code: "conflict")
            #expect(conflict?.message.contains("in use by container \(user.name)") == true, "\(conflict?.message ?? "")")
            expectStatus(try await test.client.send(.get, path), .ok)

            expectStatus(try await test.client.send(.delete, api("containers/\(user.id)")), .noContent)
            let removed = try await test.client.send(.delete, path)
            expectStatus(removed, .ok)
            let report = try removed.decode(ImageRemovalView.self)
            #expect(report.untagged == [reference])
            #expect(report.deleted.contains(id))
            expectError(try await test.client.send(.get, path), .notFound, code: "not_found")
        }
    }

    @Test func pruneRemovesADanglingImage() async throws {
        try await withCapstan(on: .dedicated) { test in
            let repository = test.scope.repository("dangling")
            let first = try await Self.importImage(test, repository: repository, tag: "v1", contents: "first")
            // The same tag again: it moves to the new image and leaves the first one without a name.
            let second = try await Self.importImage(test, repository: repository, tag: "v1", contents: "second")
            try #require(first != second)
            let images = try await Self.list(test)
            let before = Set(images.map(\.id))
            let dangling = try #require(images.first { $0.id == first })
            #expect(dangling.dangling == true)
            #expect(dangling.tags.isEmpty)
            #expect(images.first { $0.id == second }?.tags == ["\(repository):v1"])

            let response = try await test.client.send(.post, api("images/prune"))
            expectStatus(response, .ok)
            let report = try response.json()
            #expect(report["engine"].string == engineName)
            #expect(report["kind"].string == "images")
            #expect(report["spaceReclaimed"].number.map { $0 >= 0 } == true, "a number: \(response.text)")
            let deleted = try #require(report["deleted"].array, "an array: \(response.text)")
            #expect(deleted.allSatisfy { $0.string != nil })
            #expect(deleted.contains(.string(first)))
            #expect(!deleted.contains(.string(second)))
            let after = Set(try await Self.list(test).map(\.id))
            #expect(after.contains(second))
            // What left the list is what the report names, and the bytes are those images' sizes.
            #expect(before.subtracting(after) == [first])
            #expect(Int64(report["spaceReclaimed"].number ?? -1) == dangling.size, "\(response.text)")
        }
    }

    /// `POST …/images/import` of a one-file tarball, labelled with the test's run; returns the image id.
    static func importImage(_ test: TestContext, repository: String, tag: String, contents: String) async throws -> String {
        test.scope.track(image: "\(repository):\(tag)")
        let tarball = Tarball.singleFile(named: "hello.txt", contents: "\(contents) \(test.scope.run)\n")
        let response = try await test.client.send(
            .post, api("images/import"),
            query: ["repo": repository, "tag": tag, "changes": "LABEL capstan.test=1 capstan.test.run=\(test.scope.run)"],
            body: tarball, contentType: "application/x-tar"
        )
        expectStatus(response, .created)
        let id = try #require(try response.json()["id"].string, "import answered \(response.text)")
        #expect(id.hasPrefix("sha256:") && id.count == 71)
        test.scope.track(image: id)
        return id
    }

    static func list(_ test: TestContext) async throws -> [ImageView] {
        let response = try await test.client.send(.get, api("images"))
        expectStatus(response, .ok)
        return try response.decode([ImageView].self)
    }
}
