import Foundation
import Hummingbird

/// The per-request context of the Capstan HTTP API.
public struct CapstanRequestContext: RequestContext {
    /// Hummingbird's own per-request storage (logger, parameters).
    public var coreContext: CoreRequestContextStorage

    /// Creates a context for a request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
    }

    /// JSON bodies are small commands: anything bigger is refused with 413 rather than buffered.
    public var maxUploadSize: Int { 1024 * 1024 }
}
