/// One line of a pull, import or load progress stream.
public struct ProgressMessage: Sendable, Hashable, Codable {
    /// `Pulling fs layer`, `Downloading`, `sha256:…` (the new image id after an import), …
    public var status: String?
    /// The short layer id a progress row is about.
    public var id: String?
    /// The engine's text progress bar.
    public var progress: String?
    /// Bytes done and total.
    public var progressDetail: Detail?
    /// Set when the operation failed part way (the HTTP status was already 200).
    public var error: String?
    /// The error's details.
    public var errorDetail: ErrorDetail?

    /// Bytes done of a layer.
    public struct Detail: Sendable, Hashable, Codable {
        /// Done.
        public var current: Int64?
        /// Total.
        public var total: Int64?
    }

    /// An in-stream error.
    public struct ErrorDetail: Sendable, Hashable, Codable {
        /// Its message.
        public var message: String?
    }

    /// The error message, when this line reports a failure.
    public var failure: String? { error ?? errorDetail?.message }
}
