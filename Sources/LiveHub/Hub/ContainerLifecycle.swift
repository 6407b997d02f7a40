/// The moments of a container's life that tails and stats collectors react to.
public enum ContainerLifecycle: Sendable, Hashable {
    /// It (re)started.
    case started
    /// Its process ended.
    case died
    /// It was removed.
    case destroyed
}
