/// Outputs for many clients, handed over per ``DeliveryLane``: each lane gets one piece of work that
/// pushes into all of its clients' queues, in the order they were added; a queue without a lane is
/// pushed at once.
///
/// Order per queue is kept: everything the hub sends a laned queue through a batch runs on that lane
/// in submission order (see ``ClientQueue/pushAfterDeliveries(_:)`` for replies that must follow).
struct LaneBatch {
    private var lanes: [(lane: any DeliveryLane, items: [(ClientQueue, [HubOutput])])] = []

    /// Adds `outputs` for `queue` (pushed at once when it has no lane).
    mutating func add(_ outputs: [HubOutput], to queue: ClientQueue) {
        guard let lane = queue.lane else {
            queue.push(contentsOf: outputs)
            return
        }
        // A handful of lanes (one per event loop): a scan beats hashing.
        if let index = lanes.firstIndex(where: { $0.lane.id == lane.id }) {
            lanes[index].items.append((queue, outputs))
        } else {
            lanes.append((lane, [(queue, outputs)]))
        }
    }

    /// Hands every lane its work.
    func send() {
        for (lane, items) in lanes {
            lane.submit {
                for (queue, outputs) in items { queue.push(contentsOf: outputs) }
            }
        }
    }
}
