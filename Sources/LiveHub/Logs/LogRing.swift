import DequeModule
import DockerEngine

/// The recent lines of one container, numbered: what a new viewer gets at once.
public struct LogRing: Sendable {
    /// A numbered line.
    public struct Entry: Sendable, Hashable {
        /// Consecutive per container, from 1.
        public var seq: Int64
        /// The line.
        public var line: LogLine
    }

    private(set) var entries: Deque<Entry> = []
    /// The most lines kept.
    public let capacity: Int
    /// The number the next line gets.
    public private(set) var nextSeq: Int64 = 1

    /// An empty ring.
    ///
    /// - Parameter firstSeq: the number the first line gets.
    public init(capacity: Int, firstSeq: Int64 = 1) {
        self.capacity = max(1, capacity)
        self.nextSeq = firstSeq
    }

    /// Numbers and keeps lines, evicting the oldest; returns them numbered.
    public mutating func append(_ lines: [LogLine]) -> [Entry] {
        var added: [Entry] = []
        added.reserveCapacity(lines.count)
        for line in lines {
            let entry = Entry(seq: nextSeq, line: line)
            nextSeq += 1
            added.append(entry)
        }
        entries.append(contentsOf: added)
        if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        return added
    }

    /// The last `count` lines.
    public func last(_ count: Int) -> [Entry] {
        Array(entries.suffix(max(0, count)))
    }

    /// The lines after `seq`, or nil when the first of them was already evicted — or when `seq` was never
    /// handed out by this numbering (it is past the last line: it comes from another numbering).
    public func after(_ seq: Int64) -> [Entry]? {
        if seq == nextSeq - 1 { return [] }
        if seq >= nextSeq { return nil }
        guard let first = entries.first, first.seq <= seq + 1 else { return nil }
        return entries.filter { $0.seq > seq }
    }

    /// The oldest line kept.
    public var first: Entry? { entries.first }
    /// The newest line kept.
    public var lastEntry: Entry? { entries.last }
    /// How many lines are kept.
    public var count: Int { entries.count }
}
