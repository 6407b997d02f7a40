import HummingbirdTesting
import NIOCore
import Testing

/// What a client gets wrong is a 4xx naming the problem, never a 500.
@Suite struct ContainerErrorTests {
    @Test(arguments: ["..%2F..%2Fetc", "a%2Fb", "-x", "a..b"])
    func malformedContainerReferenceIs400NamingIt(reference: String) async throws {
        try await withCapstan { test in
            expectError(try await test.inspect(reference), .badRequest, code: "bad_request", field: "container")
            expectError(try await test.action(reference, "start"), .badRequest, code: "bad_request", field: "container")
            let delete = try await test.client.send(.delete, api("containers/\(reference)"), query: ["force": "1"])
            expectError(delete, .badRequest, code: "bad_request", field: "container")
        }
    }

    /// A raw `/` splits the path into more segments: no container route has that shape, so the router
    /// answers 404 before any controller sees a reference (there is nothing to name as a field).
    @Test func slashInAContainerPathMatchesNoRoute() async throws {
        try await withCapstan { test in
            let error = expectError(try await test.client.send(.get, api("containers/a/b")), .notFound, code: "not_found")
            #expect(error?.field == nil)
            expectError(try await test.client.send(.post, api("containers/a/b/start")), .notFound, code: "not_found")
        }
    }

    @Test func badQueryParametersAre400NamingThem() async throws {
        try await withCapstan { test in
            let container = try await test.runContainer("badquery")
            let cases: [(String, String, KeyValuePairs<String, String>, String)] = [
                ("POST", "containers/\(container.id)/stop", ["t": "abc"], "t"),
                ("POST", "containers/\(container.id)/restart", ["t": "-1"], "t"),
                ("GET", "containers", ["all": "maybe"], "all"),
                ("GET", "containers", ["filters": "notjson"], "filters"),
                ("GET", "containers", ["filters": #"{"label":"not-a-list"}"#], "filters"),
                ("GET", "containers/\(container.id)/logs", ["since": "yesterday"], "since"),
                ("GET", "containers/\(container.id)/logs", ["until": "soon"], "until"),
                ("GET", "containers/\(container.id)/logs", ["stdout": "0", "stderr": "0"], "stdout"),
                ("POST", "containers/\(container.id)/kill", ["signal": "KILL ME;"], "signal"),
                ("POST", "containers/\(container.id)/rename", ["name": "-bad"], "name"),
                ("POST", "containers", ["name": "bad/name"], "name"),
            ]
            for (method, path, query, field) in cases {
                let response = try await test.client.send(method == "GET" ? .get : .post, api(path), query: query)
                expectError(response, .badRequest, code: "bad_request", field: field)
            }
            // None of them reached the container.
            #expect(try await test.inspect(container.id).json()["State"]["Running"] == .bool(true))
        }
    }

    /// `BOGUS` has the shape of a signal name but is none: refused before the engine, naming the field.
    @Test func signalTheEngineDoesNotKnowIs400NamingTheSignal() async throws {
        try await withCapstan { test in
            let container = try await test.runContainer("badsignal")
            let response = try await test.action(container.id, "kill", query: ["signal": "BOGUS"])
            let error = expectError(response, .badRequest, code: "bad_request")
            #expect(error?.message.contains("BOGUS") == true)
            #expect(error?.field == "signal")
            #expect(try await test.inspect(container.id).json()["State"]["Running"] == .bool(true))
        }
    }

    @Test func malformedCreateBodiesAre400NamingTheField() async throws {
        try await withCapstan { test in
            let path = api("containers")
            let name = test.scope.containerName("badbody")
            let cases: [(String, String)] = [
                (#"{"Image": "busybox", "Cmd": ["sh"#, "body"),  // truncated JSON
                ("", "body"),
                ("not json", "body"),
                (#"{"Cmd": ["sh"]}"#, "Image"),
                (#"{"Image": 5}"#, "Image"),
                (#"{"Image": "\#(test.scope.image)", "Cmd": "sh"}"#, "Cmd"),
                (#"{"Image": ""}"#, "Image"),
                (#"{"Image": "-bad image"}"#, "Image"),
            ]
            for (body, field) in cases {
                let response = try await test.client.send(.post, path, query: ["name": name], json: body)
                expectError(response, .badRequest, code: "bad_request", field: field)
            }
            let missing = try await test.client.send(.post, path, query: ["name": name], json: #"{"Cmd": ["sh"]}"#)
            let error = expectError(missing, .badRequest, code: "bad_request", field: "Image")
            #expect(error?.message.contains("Image") == true, "the message names the field too")
            expectError(try await test.inspect(name), .notFound, code: "not_found")
        }
    }

    @Test func bodyOverOneMebibyteIs413() async throws {
        try await withCapstan { test in
            let name = test.scope.containerName("huge")
            /// A create body of exactly `size` bytes, with an image name the server refuses once it has decoded it.
            func body(size: Int) -> String {
                let head = #"{"Image":"-bad","Cmd":[""#
                let tail = #""]}"#
                return head + String(repeating: "x", count: size - head.utf8.count - tail.utf8.count) + tail
            }
            let atLimit = try await test.client.send(.post, api("containers"), query: ["name": name], json: body(size: 1 << 20))
            expectError(atLimit, .badRequest, code: "bad_request", field: "Image")

            let over = try await test.client.send(.post, api("containers"), query: ["name": name], json: body(size: (1 << 20) + 1))
            let error = expectError(over, .contentTooLarge, code: "payload_too_large")
            #expect(error?.message == "the request body is too large", "a sentence a person understands")
            expectError(try await test.inspect(name), .notFound, code: "not_found")
        }
    }

    @Test func unknownRouteIs404InTheEnvelope() async throws {
        try await withCapstan { test in
            expectError(try await test.client.send(.get, "/api/v1/nothing-here"), .notFound, code: "not_found")
            expectError(try await test.client.send(.get, api("gizmos")), .notFound, code: "not_found")
        }
    }

    @Test func createFromAMissingImageIs404() async throws {
        try await withCapstan { test in
            let name = test.scope.containerName("noimage")
            let body = CreateContainerBody(image: "\(test.scope.repository("missing")):nope", cmd: ["sh"], labels: test.scope.labels)
            let response = try await test.client.send(.post, api("containers"), query: ["name": name], encoding: body)
            let error = expectError(response, .notFound, code: "not_found")
            #expect(error?.engine == engineName)
            #expect(error?.message.contains("No such image") == true, "the engine's own words: \(error?.message ?? "-")")
        }
    }

    @Test func createWithATakenNameIs409() async throws {
        try await withCapstan { test in
            let existing = try await test.createContainer("taken")
            let body = CreateContainerBody(image: test.scope.image, cmd: ["sh"], labels: test.scope.labels)
            let response = try await test.client.send(.post, api("containers"), query: ["name": existing.name], encoding: body)
            expectError(response, .conflict, code: "conflict")
            #expect(try await test.listOwnContainers().map(\.id) == [existing.id])
        }
    }

    @Test func actionsOnAMissingContainerAre404() async throws {
        try await withCapstan { test in
            let name = "nosuch-\(test.scope.run)"
            for verb in ["start", "stop", "restart", "kill", "pause", "unpause", "wait"] {
                let error = expectError(try await test.action(name, verb), .notFound, code: "not_found")
                #expect(error?.engine == engineName)
            }
            expectError(try await test.client.send(.get, api("containers/\(name)/logs")), .notFound, code: "not_found")
            expectError(try await test.client.send(.delete, api("containers/\(name)")), .notFound, code: "not_found")
        }
    }
}
