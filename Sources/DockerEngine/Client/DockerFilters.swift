import Foundation

/// Engine list/event filters: a map from a key to values (values of one key are ORed, keys ANDed).
public struct DockerFilters: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// The filters.
    public var values: [String: [String]]

    /// Creates filters from a map.
    public init(_ values: [String: [String]] = [:]) { self.values = values }

    /// `["label": ["a=b"]]`.
    public init(dictionaryLiteral elements: (String, [String])...) {
        self.values = Dictionary(elements, uniquingKeysWith: +)
    }

    /// Whether no filter is set.
    public var isEmpty: Bool { values.allSatisfy { $0.value.isEmpty } }

    /// The JSON the engine expects in `filters=`, nil when empty.
    public var queryValue: String? {
        let nonEmpty = values.filter { !$0.value.isEmpty }
        guard !nonEmpty.isEmpty else { return nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(nonEmpty)).map { String(decoding: $0, as: UTF8.self) }
    }
}
