/// What one line of the engine's pull stream means, as ``PullProgress`` reads it.
public enum PullUpdate: Sendable, Hashable {
    /// A layer's state: `Pulling fs layer`, `Waiting`, `Downloading` (with bytes), `Extracting`, `Pull complete`, `Already exists`, …
    case layer(id: String, status: String, current: Int64?, total: Int64?)
    /// A message about the whole pull: `Pulling from …`, `Digest: …`, `Status: …`.
    case status(String)
    /// The pull failed part way (the engine had already answered 200).
    case failed(String)
}
