import CapstanWire

extension LiveTranscript {
    /// The first `initial_state` of a subscription.
    func initialState(_ sub: String) -> InitialState? {
        initialStates(sub).first
    }

    /// Every `initial_state` of a subscription (a second one is a resync).
    func initialStates(_ sub: String) -> [InitialState] {
        messages.compactMap { if case .initialState(let state) = $0, state.sub == sub { state } else { nil } }
    }

    /// The `status_change`s of one container in a subscription.
    func changes(_ sub: String, of containerID: String) -> [StatusChange] {
        (changes[sub] ?? []).filter { $0.containerID == containerID }
    }

    /// The container as the subscription's deltas last showed it (nil when removed or never seen).
    func latest(_ sub: String, _ containerID: String) -> ContainerView? {
        changes(sub, of: containerID).last?.container
    }

    /// The container as the subscription shows it: its last delta, else the snapshot's row.
    func view(_ sub: String, _ containerID: String) -> ContainerView? {
        let changes = changes(sub, of: containerID)
        if let last = changes.last { return last.container }
        return initialStates(sub).last?.containers?.first { $0.id == containerID }
    }

    /// The `log_gap`s of a subscription.
    func logGaps(_ sub: String) -> [LogGap] {
        messages.compactMap { if case .logGap(let gap) = $0, gap.sub == sub { gap } else { nil } }
    }

    /// The `log_end`s of a subscription.
    func logEnds(_ sub: String) -> [LogEnd] {
        messages.compactMap { if case .logEnd(let end) = $0, end.sub == sub { end } else { nil } }
    }

    /// The `log_snapshot`s of a subscription.
    func logSnapshots(_ sub: String) -> [LogBatch] {
        messages.compactMap { if case .logSnapshot(let batch) = $0, batch.sub == sub { batch } else { nil } }
    }

    /// The `error`s received (for a subscription, or all).
    func errors(_ sub: String? = nil) -> [ErrorReply] {
        messages.compactMap { if case .error(let error) = $0, sub == nil || error.sub == sub { error } else { nil } }
    }

    /// The `engine_status` messages, in order.
    var engineStatuses: [EngineStatus] {
        messages.compactMap { if case .engineStatus(let status) = $0 { status } else { nil } }
    }

    /// The `stats` samples of a subscription.
    func stats(_ sub: String) -> [StatsUpdate] {
        messages.compactMap { if case .stats(let update) = $0, update.sub == sub { update } else { nil } }
    }

    /// The `event`s of a subscription.
    func events(_ sub: String) -> [EventUpdate] {
        messages.compactMap { if case .event(let update) = $0, update.sub == sub { update } else { nil } }
    }
}

/// Whether each seq is the previous one plus one.
func areConsecutive<S: Sequence>(_ seqs: S) -> Bool where S.Element: BinaryInteger {
    var previous: S.Element?
    for seq in seqs {
        if let previous, seq != previous + 1 { return false }
        previous = seq
    }
    return true
}

/// The values with runs of equal neighbours collapsed to one (`[a, a, b, a]` → `[a, b, a]`).
func collapsed<T: Equatable>(_ values: [T]) -> [T] {
    values.reduce(into: []) { result, value in if result.last != value { result.append(value) } }
}
