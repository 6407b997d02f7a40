import Synchronization

/// A one-way boolean shared between tasks: set once, read anywhere.
final class Flag: Sendable {
    private let value = Atomic<Bool>(false)

    /// Sets it.
    func set() { value.store(true, ordering: .releasing) }

    /// Whether it was set.
    var isSet: Bool { value.load(ordering: .acquiring) }
}
