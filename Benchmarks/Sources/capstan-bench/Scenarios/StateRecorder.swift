import NIOCore
import Synchronization

/// The state-latency clients' sink: when a `status_change` of the watched container shows the
/// state the current phase expects, the client's arrival time for that phase is kept.
///
/// Phases alternate: 2k is "running" (the k-th start), 2k+1 is "exited" (the k-th stop). The
/// coordinator moves the phase before it calls the engine, so a change seen in phase p is p's.
final class StateRecorder: FrameSink, @unchecked Sendable {
    private let clients: Int
    private let phases: Int
    private let containerID: [UInt8]
    private let phase = Atomic<Int>(-1)
    /// Arrival times, `[client * phases + phase]`, 0 = not (yet) received. Bounded: clients × phases.
    private let times: Mutex<[Int64]>
    private let received = Atomic<Int>(0)
    private let initialStates = Atomic<Int>(0)
    /// Whether one real `status_change` was logged (the floor server's message copies its shape and size).
    private let sampleLogged = Atomic<Bool>(false)
    /// This process's CPU while each phase's arrivals last.
    let bursts: BurstLoad

    init(clients: Int, phases: Int, containerID: String) {
        self.clients = clients
        self.phases = phases
        self.containerID = Array(containerID.utf8)
        self.times = Mutex([Int64](repeating: 0, count: clients * phases))
        self.bursts = BurstLoad(count: phases)
    }

    /// Moves to `phase`.
    func begin(phase value: Int) { phase.store(value, ordering: .releasing) }

    /// Clients that got their snapshot.
    var snapshots: Int { initialStates.load(ordering: .relaxed) }

    /// Arrivals recorded so far (all phases).
    var arrivals: Int { received.load(ordering: .relaxed) }

    /// The arrival times of one phase (0 where a client missed it).
    func arrivals(phase: Int) -> [Int64] {
        times.withLock { times in (0..<clients).map { times[$0 * phases + phase] } }
    }

    func openingMessages(connection: Int) -> [String] {
        [#"{"type":"subscribe_containers","id":"c","engine":"local"}"#]
    }

    func received(_ text: ByteBuffer, at nanos: Int64, connection: Int) {
        text.withUnsafeReadableBytes { bytes in
            let scan = JSONScan(bytes: bytes)
            if scan.contains(#""type":"initial_state""#) {
                initialStates.add(1, ordering: .relaxed)
                return
            }
            guard scan.contains(#""type":"status_change""#), scan.contains(containerID) else { return }
            let current = phase.load(ordering: .acquiring)
            guard current >= 0, current < phases, let at = scan.after(#""state":""#), let state = scan.string(at: at) else { return }
            let expected = StatePhase.containerState(current)
            guard state == expected else { return }
            if sampleLogged.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
                Log.say("state: a status_change, \(bytes.count) bytes: \(String(decoding: bytes, as: UTF8.self))")
            }
            let isNew = times.withLock { times -> Bool in
                let index = connection * phases + current
                guard times[index] == 0 else { return false }
                times[index] = nanos
                return true
            }
            if isNew {
                received.add(1, ordering: .relaxed)
                bursts.arrived(burst: current)
            }
        }
    }

    func closed(connection: Int, code: UInt16?) {}
}
