import DockerEngine
import Testing

/// The pull reference grammar: what the engine would accept passes, anything else is refused with a reason.
@Suite struct ImageReferenceTests {
    @Test(arguments: [
        ("busybox", "busybox", nil, nil, "busybox:latest"),
        ("busybox:1.36", "busybox", "1.36", nil, "busybox:1.36"),
        ("library/busybox:latest", "library/busybox", "latest", nil, "library/busybox:latest"),
        ("127.0.0.1:1/nothing:latest", "127.0.0.1:1/nothing", "latest", nil, "127.0.0.1:1/nothing:latest"),
        ("localhost/app", "localhost/app", nil, nil, "localhost/app:latest"),
        ("registry.example.com:5000/team/my_app__x:v1.2-rc_3", "registry.example.com:5000/team/my_app__x", "v1.2-rc_3", nil, nil),
        ("ghcr.io/a/b-c--d", "ghcr.io/a/b-c--d", nil, nil, nil),
    ] as [(String, String, String?, String?, String?)])
    func validReferencesParse(text: String, name: String, tag: String?, digest: String?, shown: String?) throws {
        let reference = try ImageReference.parse(text)
        #expect(reference.name == name)
        #expect(reference.tag == tag)
        #expect(reference.digest == digest)
        if let shown { #expect(reference.description == shown) }
    }

    @Test func aDigestIsTheTagTheEngineIsGiven() throws {
        let digest = "sha256:" + String(repeating: "ab", count: 32)
        let reference = try ImageReference.parse("busybox@\(digest)")
        #expect(reference.name == "busybox")
        #expect(reference.digest == digest)
        #expect(reference.tagOrDigest == digest)
        #expect(try ImageReference.parse("busybox:1").tagOrDigest == "1")
        #expect(try ImageReference.parse("busybox").tagOrDigest == "latest")
    }

    @Test(arguments: [
        ("", "empty"),
        ("Busybox", "lower case"),
        ("busy box", "repository path"),
        ("busybox:", "tag"),
        ("busybox:-x", "tag"),
        ("busybox:a/b", "registry"),
        ("busybox@sha256:12", "digest"),
        ("/busybox", "repository path"),
        ("busybox/", "repository path"),
        ("a//b", "repository path"),
        ("reg_istry:5000/app", "registry"),
        ("127.0.0.1:abc/app", "registry"),
        ("app--", "repository path"),
        ("app?x=1", "repository path"),
        (":latest", "missing"),
    ])
    func malformedReferencesAreRefusedWithAReason(text: String, reason: String) {
        do {
            let parsed = try ImageReference.parse(text)
            Issue.record("'\(text)' parsed as \(parsed)")
        } catch let error as DockerError {
            #expect(error.code == .badRequest)
            #expect(error.message.contains(reason), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
