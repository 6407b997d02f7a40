@testable import DockerEngine
import NIOCore
import Testing

@Suite("DockerError classification")
struct DockerErrorTests {
    private func classify(_ status: Int, _ body: String) -> DockerError {
        DockerError.fromResponse(status: status, body: ByteBuffer(string: body))
    }

    @Test func statusesAndTheFiveHundredsThatMeanConflict() {
        #expect(classify(404, #"{"message":"No such container: nope"}"#).code == .notFound)
        #expect(classify(404, #"{"message":"No such container: nope"}"#).message == "No such container: nope")
        #expect(classify(409, #"{"message":"Conflict."}"#).code == .conflict)
        #expect(classify(304, "").code == .notModified)
        #expect(classify(403, #"{"message":"bridge is a pre-defined network"}"#).code == .forbidden)
        #expect(classify(500, #"{"message":"Container abc is not paused"}"#).code == .conflict)
        #expect(classify(500, #"{"message":"strconv.ParseInt: parsing \"abc\": invalid syntax"}"#).code == .badRequest)
        #expect(classify(500, #"{"message":"something broke"}"#).code == .engineError)
        #expect(classify(500, #"{"message":"something broke"}"#).status == 500)
    }

    @Test func plainTextBodiesKeepTheirWords() {
        let error = classify(400, "client version 1.11 is too old. Minimum supported API version is 1.12\n")
        #expect(error.code == .badRequest)
        #expect(error.message == "client version 1.11 is too old. Minimum supported API version is 1.12")
        #expect(classify(502, "").message == "HTTP 502 from the engine")
    }

    @Test func referencesAreCheckedBeforeTheyReachAURL() {
        #expect(ObjectReference.isValid("web-1", kind: .container))
        #expect(ObjectReference.isValid(String(repeating: "a", count: 64), kind: .container))
        #expect(!ObjectReference.isValid("../info", kind: .container))
        #expect(!ObjectReference.isValid("a/b", kind: .container))
        #expect(!ObjectReference.isValid("a?b", kind: .container))
        #expect(!ObjectReference.isValid("-x", kind: .container))
        #expect(!ObjectReference.isValid("", kind: .container))
        #expect(ObjectReference.isValid("registry:5000/team/app:1.2@sha256:abc", kind: .image))
        #expect(!ObjectReference.isValid("a/../../b", kind: .image))
        #expect(!ObjectReference.isValid("a%2fb", kind: .image))
    }
}
