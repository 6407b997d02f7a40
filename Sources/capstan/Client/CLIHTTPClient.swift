import AsyncHTTPClient

/// The CLI's one HTTP client.
///
/// Unlike `HTTPClient.shared`, it does not keep retrying a connection the server refuses until the request's
/// deadline: a person is waiting, and "nothing listens at that address" is the answer they need at once.
enum CLIHTTPClient {
    /// Lives as long as the process (never shut down: the CLI exits when its command ends).
    static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
