import NIOCore
import DockerEngine
import Testing

@Suite("Images against the real engine")
struct ImagesTests {
    @Test func importListInspectRemoveAndPrune() async throws {
        try await TestEngine.withClient { client in
            let repository = "capstan-test/import-\(TestEngine.uniqueName("i"))"
            let tarball = TarArchive.make([("hello.txt", "hello from capstan\n")])
            // A label of this test's own: prune must never reach another test's images.
            let marker = TestEngine.uniqueName("prune")
            let id = try await client.importImage(
                tarball: tarball, repository: repository, tag: "v1", changes: ["LABEL capstan.test=1", "LABEL capstan.prune=\(marker)"]
            )
            #expect(id.hasPrefix("sha256:"))
            let listed = try await client.listImages(filters: ["reference": ["\(repository):*"]])
            #expect(listed.map(\.id) == [id])
            #expect(listed.first?.repoTags == ["\(repository):v1"])
            #expect(listed.first?.labels?["capstan.test"] == "1")
            let document = String(buffer: try await client.inspectImageDocument("\(repository):v1"))
            #expect(document.contains(id))

            // Importing again under the same tag leaves the first image dangling, for prune.
            let second = try await client.importImage(
                tarball: TarArchive.make([("hello.txt", "second\n")]), repository: repository, tag: "v1"
            )
            #expect(second != id)
            let dangling = try await client.listImages(filters: ["dangling": ["true"]])
            #expect(dangling.contains { $0.id == id && $0.isDangling })
            let pruned = try await client.pruneImages(filters: ["label": ["capstan.prune=\(marker)"]])
            #expect(pruned.imagesDeleted?.contains { $0.deleted == id } == true)
            await expectDockerError(.notFound) { try await client.inspectImageDocument(id) }

            let removed = try await client.removeImage("\(repository):v1")
            #expect(removed.contains { $0.untagged == "\(repository):v1" })
            #expect(removed.contains { $0.deleted == second })
            await expectDockerError(.notFound) { try await client.removeImage("\(repository):v1") }
        }
    }

    @Test func anImageInUseCannotBeRemoved() async throws {
        try await TestEngine.withClient { client in
            try await client.withContainer(trappingSleeper, start: false) { _ in
                let error = await expectDockerError(.conflict) { try await client.removeImage(TestEngine.image) }
                #expect(error?.status == 409)
            }
        }
    }

    @Test func aFailedImportIsAnError() async throws {
        try await TestEngine.withClient { client in
            var garbage = ByteBuffer()
            garbage.writeString("this is not a tar archive")
            // The engine accepts the upload, then reports the failure inside the 200 stream or as an error status.
            await #expect(throws: DockerError.self) {
                try await client.importImage(tarball: garbage, repository: "capstan-test/garbage")
            }
            await expectDockerError(.badRequest) { try await client.removeImage("bad//ref") }
        }
    }
}
