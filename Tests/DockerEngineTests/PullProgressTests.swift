import DockerEngine
import Foundation
import Testing

/// The pull stream reader on engine output recorded against a local registry (see
/// docs/docker-engine-facts.md §7), and on the engine's in-stream failure form.
@Suite struct PullProgressTests {
    static let recorded = """
        {"status":"Pulling from facts-pull","id":"v1"}
        {"status":"Pulling fs layer","progressDetail":{},"id":"34182f2167a8"}
        {"status":"Waiting","progressDetail":{},"id":"9f2c0d8e1a2b"}
        {"status":"Downloading","progressDetail":{"current":163840,"total":1028169},"progress":"[=======>   ]  163.8kB/1.028MB","id":"34182f2167a8"}
        {"status":"Verifying Checksum","progressDetail":{},"id":"34182f2167a8"}
        {"status":"Download complete","progressDetail":{},"id":"34182f2167a8"}
        {"status":"Extracting","progressDetail":{"current":1028169,"total":1028169},"progress":"[===>]","id":"34182f2167a8"}
        {"status":"Pull complete","progressDetail":{},"id":"34182f2167a8"}
        {"status":"Already exists","progressDetail":{},"id":"9f2c0d8e1a2b"}
        {"status":"Digest: sha256:9f84aa71a7e3f8d2b2cb1e4fd5c1a7e3f8d2b2cb1e4fd5c1a7e3f8d2b2cb1e4f"}
        {"status":"Status: Downloaded newer image for 127.0.0.1:5055/facts-pull:v1"}
        """

    static func messages(_ text: String) throws -> [ProgressMessage] {
        try text.split(separator: "\n").map { try JSONDecoder().decode(ProgressMessage.self, from: Data($0.utf8)) }
    }

    @Test func recordedPullBecomesLayerUpdatesAndAFinalStatus() throws {
        var progress = PullProgress()
        let updates = try Self.messages(Self.recorded).map { progress.consume($0) }
        #expect(updates.count == 11)
        #expect(updates[0] == .status("Pulling from facts-pull v1"))
        #expect(updates[1] == .layer(id: "34182f2167a8", status: "Pulling fs layer", current: nil, total: nil))
        #expect(updates[3] == .layer(id: "34182f2167a8", status: "Downloading", current: 163840, total: 1028169))
        #expect(updates[6] == .layer(id: "34182f2167a8", status: "Extracting", current: 1028169, total: 1028169))
        #expect(progress.layers == ["34182f2167a8", "9f2c0d8e1a2b"])
        #expect(progress.layerStatus == ["34182f2167a8": "Pull complete", "9f2c0d8e1a2b": "Already exists"])
        #expect(progress.digest == "sha256:9f84aa71a7e3f8d2b2cb1e4fd5c1a7e3f8d2b2cb1e4fd5c1a7e3f8d2b2cb1e4f")
        #expect(progress.finalStatus == "Downloaded newer image for 127.0.0.1:5055/facts-pull:v1")
        #expect(progress.upToDate == false)
        #expect(progress.failure == nil)
    }

    @Test func upToDateIsRecognised() throws {
        var progress = PullProgress()
        for message in try Self.messages(#"{"status":"Status: Image is up to date for busybox:1.36"}"#) { _ = progress.consume(message) }
        #expect(progress.upToDate)
    }

    @Test func anInStreamErrorIsAFailureWithTheDetailedMessage() throws {
        var progress = PullProgress()
        let lines = """
            {"status":"Pulling from app","id":"v1"}
            {"status":"Downloading","progressDetail":{"current":1,"total":2},"id":"aaaa"}
            {"errorDetail":{"message":"unexpected EOF from registry"},"error":"unexpected EOF"}
            """
        let updates = try Self.messages(lines).map { progress.consume($0) }
        #expect(updates.last == .failed("unexpected EOF from registry"))
        #expect(progress.failure == "unexpected EOF from registry")
        // Only `error`, no detail: still a failure.
        var bare = PullProgress()
        #expect(bare.consume(try Self.messages(#"{"error":"manifest unknown"}"#)[0]) == .failed("manifest unknown"))
    }
}
