import NIOCore

extension DockerClient {
    /// Reads a container's log up to now.
    ///
    /// - Parameter tty: whether the container has a TTY (decides the framing); inspected when nil.
    /// - Parameter maxLines: the most lines kept — the oldest are dropped beyond it (bounded memory).
    public func logs(_ reference: String, options: LogOptions = LogOptions(), tty: Bool? = nil, maxLines: Int = 1_000_000)
        async throws -> [LogLine]
    {
        var lines: [LogLine] = []
        for try await chunk in try await openLogs(reference, options: options, tty: tty, follow: false).chunks {
            lines.append(contentsOf: chunk)
            if lines.count > maxLines { lines.removeFirst(lines.count - maxLines) }
        }
        return lines
    }

    /// Follows a container's log: the selected history, then new lines as they are written.
    ///
    /// The stream ends when the container stops (also at the stop half of a restart) or is removed;
    /// to keep tailing, reopen with `since` = the last line's timestamp and drop lines at or before it.
    public func followLogs(_ reference: String, options: LogOptions = LogOptions(), tty: Bool? = nil) async throws
        -> LogLineSequence
    {
        try await openLogs(reference, options: options, tty: tty, follow: true)
    }

    private func openLogs(_ reference: String, options: LogOptions, tty: Bool?, follow: Bool) async throws
        -> LogLineSequence
    {
        let id = try ObjectReference.validate(reference, kind: .container)
        guard options.stdout || options.stderr else {
            throw DockerError(code: .badRequest, message: "choose at least one of stdout and stderr")
        }
        // API 1.41 sends no Content-Type on logs: the container's Tty decides the framing.
        let isTTY: Bool
        if let tty { isTTY = tty } else { isTTY = try await inspectContainer(id).config.tty ?? false }
        let response = try await transport.send(
            .GET, "/containers/\(id)/logs", query: options.query(follow: follow), streaming: true
        )
        return LogLineSequence(body: response.body, transport: transport, tty: isTTY, timestamps: options.timestamps)
    }

    /// Follows engine events; with `since`, buffered past events (the engine keeps 256) come first.
    ///
    /// The stream is silent while nothing happens. To resume after a disconnect without loss or
    /// duplicates, feed every event to an ``EventCursor`` and reopen with its `since`.
    public func events(since: DockerTimestamp? = nil, until: DockerTimestamp? = nil, filters: DockerFilters = [:])
        async throws -> DockerEventSequence
    {
        var query: [(String, String)] = []
        if let since { query.append(("since", since.queryValue)) }
        if let until { query.append(("until", until.queryValue)) }
        if let filters = filters.queryValue { query.append(("filters", filters)) }
        let response = try await transport.send(.GET, "/events", query: query, streaming: true)
        return DockerEventSequence(body: response.body, transport: transport)
    }

    /// Streams a container's resource samples, about one a second.
    public func stats(_ reference: String) async throws -> StatsSampleSequence {
        let id = try ObjectReference.validate(reference, kind: .container)
        let response = try await transport.send(
            .GET, "/containers/\(id)/stats", query: [("stream", "true")], streaming: true
        )
        return StatsSampleSequence(raw: JSONStreamSequence(body: response.body, transport: transport))
    }

    /// One sample with a valid CPU figure (the engine waits two collector ticks: about 1–2 s).
    ///
    /// A stopped container gives a zeroed sample with `running == false`. Rates need two samples,
    /// so they are 0 here; use ``stats(_:)`` for them.
    public func statsSample(_ reference: String) async throws -> StatsSample {
        let id = try ObjectReference.validate(reference, kind: .container)
        let buffer = try await transport.data(
            .GET, "/containers/\(id)/stats", query: [("stream", "false")], timeout: transport.requestTimeout + .seconds(5)
        )
        let response = try EngineTransport.decodeJSON(StatsResponse.self, from: buffer)
        var calculator = StatsCalculator()
        return calculator.sample(from: response)
    }
}
