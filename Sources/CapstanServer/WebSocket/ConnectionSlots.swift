/// The per-address and per-user limits of one kind of WebSocket connection, taken and given back together.
final class ConnectionSlots: Sendable {
    private let addresses: ConnectionLimiter
    private let users: ConnectionLimiter
    /// What the refusals call a connection ("WebSocket connections", "terminal sessions").
    private let noun: String

    init(perAddress: Int, perUser: Int, noun: String) {
        self.addresses = ConnectionLimiter(limit: perAddress)
        self.users = ConnectionLimiter(limit: perUser)
        self.noun = noun
    }

    /// Takes a slot of both; nil when taken, else the refusal's reason (and nothing is held).
    func take(address: String, user: String) -> String? {
        guard addresses.acquire(address) else { return addressRefusal }
        guard users.acquire(user) else {
            addresses.release(address)
            return userRefusal
        }
        return nil
    }

    /// Gives back what ``take(address:user:)`` took.
    func give(address: String, user: String) {
        addresses.release(address)
        users.release(user)
    }

    /// Why a slot could not be taken now, or nil when it could (nothing is taken).
    func refusal(address: String, user: String) -> String? {
        if !addresses.hasRoom(address) { return addressRefusal }
        if !users.hasRoom(user) { return userRefusal }
        return nil
    }

    private var addressRefusal: String { "at most \(addresses.limit) \(noun) per client address" }
    private var userRefusal: String { "at most \(users.limit) \(noun) per user" }
}
