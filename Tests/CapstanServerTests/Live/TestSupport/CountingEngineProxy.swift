import DockerEngine
import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A unix-socket proxy in front of the test engine that passes every byte through unchanged and
/// records the HTTP requests going to the engine: how a test counts Capstan's upstream streams from
/// the engine's side (a log follow stream is one `GET …/logs?…follow=1…` holding its connection).
///
/// It is a fake only in that it counts, and that it can hold the engine's answers to chosen requests
/// until the test lets them through (``hold(_:)``): how a test forces an answer to arrive late, which the
/// real engine does only now and then; or drop a held answer and close its connection
/// (``failHeld()``), a request failing midway as it does when the engine restarts or a loaded host
/// times it out. The engine and every answer it gives are real.
final class CountingEngineProxy: Sendable {
    /// One request seen on its way to the engine.
    struct Request: Sendable {
        /// Which proxied connection carried it.
        let connection: Int
        /// `GET /v1.41/containers/…/logs?… HTTP/1.1`.
        let line: String
    }

    private struct Record {
        var requests: [Request] = []
        var open: Set<Int> = []
        var nextConnection = 0
    }

    /// Where the proxy listens.
    let socketPath: String
    private let upstreamPath: String
    private let record = Mutex(Record())

    private struct Gate {
        var matches: (@Sendable (String) -> Bool)?
        /// Each held answer's request line, how to let it through and how to drop it, in the order they were held.
        var releases: [(line: String, release: @Sendable () -> Void, drop: @Sendable () -> Void)] = []
        var held = 0
    }

    private let gate = Mutex(Gate())

    private init(socketPath: String, upstreamPath: String) {
        self.socketPath = socketPath
        self.upstreamPath = upstreamPath
    }

    /// The proxy as an engine address for Capstan's configuration.
    var host: DockerHost {
        get throws { try DockerHost.parse("unix://\(socketPath)") }
    }

    /// Runs `body` with a proxy in front of `upstream` (a unix-socket engine), closed afterwards.
    static func withProxy<T: Sendable>(
        inFrontOf front: DockerHost, _ body: @Sendable (CountingEngineProxy) async throws -> T
    ) async throws -> T {
        guard case .unix(let upstreamPath) = front.endpoint else {
            throw LiveTestFailure("the counting proxy needs an engine on a unix socket, not \(front)")
        }
        let proxy = CountingEngineProxy(
            socketPath: "/tmp/capstan-proxy-\(UUID().uuidString.prefix(8).lowercased()).sock", upstreamPath: upstreamPath
        )
        let server = try await proxy.listen()
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(proxy))
        } catch {
            outcome = .failure(error)
        }
        try? await server.close()
        try? FileManager.default.removeItem(atPath: proxy.socketPath)
        return try outcome.get()
    }

    // MARK: Holding answers

    /// From now on, the engine's answer to a request whose line `matches` waits in the proxy until
    /// ``releaseHeld()``.
    func hold(_ matches: @escaping @Sendable (String) -> Bool) { gate.withLock { $0.matches = matches } }

    /// Answers held now.
    var heldCount: Int { gate.withLock { $0.held } }

    /// Lets every held answer through, and holds nothing more.
    func releaseHeld() {
        for held in takeEveryHeld() { held.release() }
    }

    /// Drops every held answer, closing its connection (the request fails with no answer), and holds nothing more.
    func failHeld() {
        for held in takeEveryHeld() { held.drop() }
    }

    /// The held answers, in order; nothing is held after this, nor will be.
    private func takeEveryHeld() -> [(line: String, release: @Sendable () -> Void, drop: @Sendable () -> Void)] {
        gate.withLock { gate in
            defer {
                gate.matches = nil
                gate.releases = []
                gate.held = 0
            }
            return gate.releases
        }
    }

    /// Lets through the held answers to requests whose line `matches`, in the order they were held; the
    /// others stay held, and holding goes on.
    func releaseHeld(where matches: (String) -> Bool) {
        let releases = gate.withLock { gate in
            let chosen = gate.releases.filter { matches($0.line) }
            gate.releases.removeAll { matches($0.line) }
            gate.held = gate.releases.count
            return chosen
        }
        for held in releases { held.release() }
    }

    /// Whether the answer now coming on `connection` is to be held (its latest request matches).
    fileprivate func shouldHold(connection: Int) -> Bool {
        guard let matches = gate.withLock({ $0.matches }) else { return false }
        let line = record.withLock { $0.requests.last { $0.connection == connection }?.line }
        return line.map(matches) ?? false
    }

    /// Records a held answer on `connection`, how to let it through and how to drop it.
    fileprivate func held(_ release: @escaping @Sendable () -> Void, drop: @escaping @Sendable () -> Void, connection: Int) {
        let line = record.withLock { $0.requests.last { $0.connection == connection }?.line } ?? ""
        gate.withLock { gate in
            gate.releases.append((line, release, drop))
            gate.held += 1
        }
    }

    // MARK: Counting

    /// Every request seen so far.
    var requests: [Request] { record.withLock { $0.requests } }

    /// Requests that followed the log of `containerID` (`…/containers/<id>/logs?…follow=1…`).
    func followLogRequests(_ containerID: String) -> [Request] {
        requests.filter { Self.isFollowLogs($0.line, containerID) }
    }

    /// Follow-log requests of `containerID` still holding their connection: the streams open now.
    ///
    /// A connection's latest request is the one in flight (HTTP/1.1, no pipelining); a follow stream that
    /// Capstan cancels closes its connection.
    func openFollowLogStreams(_ containerID: String) -> Int {
        record.withLock { record in
            var latest: [Int: String] = [:]
            for request in record.requests { latest[request.connection] = request.line }
            return latest.filter { record.open.contains($0.key) && Self.isFollowLogs($0.value, containerID) }.count
        }
    }

    /// Requests that streamed the stats of `containerID` (`…/containers/<id>/stats?stream=true`).
    func statsStreamRequests(_ containerID: String) -> [Request] {
        requests.filter { $0.line.contains("/containers/\(containerID.prefix(12))") && $0.line.contains("/stats?") && $0.line.contains("stream=true") }
    }

    private static func isFollowLogs(_ line: String, _ containerID: String) -> Bool {
        line.contains("/containers/\(containerID.prefix(12))") && line.contains("/logs?") && line.contains("follow=1")
    }

    fileprivate func opened() -> Int {
        record.withLock { record in
            record.nextConnection += 1
            record.open.insert(record.nextConnection)
            return record.nextConnection
        }
    }

    fileprivate func closed(_ connection: Int) { record.withLock { _ = $0.open.remove(connection) } }

    fileprivate func saw(_ line: String, on connection: Int) {
        record.withLock { $0.requests.append(Request(connection: connection, line: line)) }
    }

    // MARK: Proxying

    private func listen() async throws -> any Channel {
        let upstreamPath = self.upstreamPath
        return try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { [self] inbound in
                let connection = opened()
                inbound.closeFuture.whenComplete { _ in self.closed(connection) }
                return ClientBootstrap(group: inbound.eventLoop)
                    .connect(unixDomainSocketPath: upstreamPath)
                    .flatMapThrowing { upstream in
                        let (client, engine) = GlueHandler.matchedPair(
                            onRequest: { line in self.saw(line, on: connection) },
                            shouldHold: { self.shouldHold(connection: connection) },
                            onHold: { release, drop in self.held(release, drop: drop, connection: connection) }
                        )
                        try inbound.pipeline.syncOperations.addHandler(client)
                        try upstream.pipeline.syncOperations.addHandler(engine)
                    }
            }
            .bind(unixDomainSocketPath: socketPath, cleanupExistingSocketFile: true)
            .get()
    }
}

/// Joins two channels byte for byte, with backpressure (a side reads only while the other can write),
/// after swift-nio's connect-proxy example; the client side also feeds a request sniffer.
private final class GlueHandler {
    private var partner: GlueHandler?
    private var context: ChannelHandlerContext?
    private var pendingRead = false
    private var sniffer: HTTPRequestSniffer?
    private let onRequest: (@Sendable (String) -> Void)?
    /// Engine side: whether what arrives now is to be held, and where a hold is reported.
    private let shouldHold: (@Sendable () -> Bool)?
    private let onHold: (@Sendable (@escaping @Sendable () -> Void, @escaping @Sendable () -> Void) -> Void)?
    /// Engine side: the held answer, passed on at its release.
    private var heldData: [NIOAny]?

    private init(
        sniffing onRequest: (@Sendable (String) -> Void)?, shouldHold: (@Sendable () -> Bool)? = nil,
        onHold: (@Sendable (@escaping @Sendable () -> Void, @escaping @Sendable () -> Void) -> Void)? = nil
    ) {
        self.onRequest = onRequest
        self.sniffer = onRequest == nil ? nil : HTTPRequestSniffer()
        self.shouldHold = shouldHold
        self.onHold = onHold
    }

    /// The client-facing handler (which sniffs requests) and the engine-facing one (which holds answers).
    static func matchedPair(
        onRequest: @escaping @Sendable (String) -> Void, shouldHold: @escaping @Sendable () -> Bool,
        onHold: @escaping @Sendable (@escaping @Sendable () -> Void, @escaping @Sendable () -> Void) -> Void
    ) -> (GlueHandler, GlueHandler) {
        let client = GlueHandler(sniffing: onRequest)
        let engine = GlueHandler(sniffing: nil, shouldHold: shouldHold, onHold: onHold)
        client.partner = engine
        engine.partner = client
        return (client, engine)
    }

    private func partnerWrite(_ data: NIOAny) { context?.write(data, promise: nil) }
    private func partnerFlush() { context?.flush() }
    private func partnerClose() { context?.close(promise: nil) }
    private var partnerWritable: Bool { context?.channel.isWritable ?? false }
    private func partnerBecameWritable() {
        if pendingRead {
            pendingRead = false
            context?.read()
        }
    }
}

extension GlueHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if heldData != nil {
            heldData?.append(data)
            return
        }
        if let shouldHold, shouldHold() {
            heldData = [data]
            let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
            let loop = context.eventLoop
            onHold?({ loop.execute { bound.value.releaseHeld() } }, { loop.execute { bound.value.dropHeld() } })
            return
        }
        if sniffer != nil {
            let buffer = unwrapInboundIn(data)
            for line in sniffer!.feed(buffer.readableBytesView) { onRequest?(line) }
        }
        partner?.partnerWrite(data)
    }

    func channelReadComplete(context: ChannelHandlerContext) { partner?.partnerFlush() }

    /// Passes a held answer on.
    private func releaseHeld() {
        guard let data = heldData else { return }
        heldData = nil
        for part in data { partner?.partnerWrite(part) }
        partner?.partnerFlush()
    }

    /// Drops a held answer and closes both sides: the request ends with no answer.
    private func dropHeld() {
        guard heldData != nil else { return }
        heldData = nil
        partner?.partnerClose()
        context?.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) { partner?.partnerClose() }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        partner?.partnerClose()
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { partner?.partnerBecameWritable() }
    }

    func read(context: ChannelHandlerContext) {
        if partner?.partnerWritable ?? false {
            context.read()
        } else {
            pendingRead = true
        }
    }
}
