import CapstanWire
import Foundation
import Testing

import LiveHub

/// The numbered resource list: a whole new list in, the difference out, numbered consecutively.
@Suite struct ResourceListTests {
    static func volume(_ name: String, inUse: Bool) -> ResourceItemView {
        .volume(
            VolumeView(
                engine: "local", name: name, driver: "local", mountpoint: "/v/\(name)", createdAt: nil, labels: [:], size: nil,
                refCount: inUse ? 1 : 0, inUse: inUse
            )
        )
    }

    @Test func theFirstReadAddsEverythingThenOnlyDifferencesAreReported() {
        var list = ResourceList()
        let first = list.replace(with: [Self.volume("b", inUse: false), Self.volume("a", inUse: false)])
        #expect(first.map(\.key) == ["a", "b"])
        #expect(first.map(\.change) == [.added, .added])
        #expect(first.map(\.seq) == [1, 2])
        #expect(list.snapshot.map(\.key) == ["a", "b"])

        #expect(list.replace(with: [Self.volume("a", inUse: false), Self.volume("b", inUse: false)]).isEmpty, "nothing changed")

        let second = list.replace(with: [Self.volume("a", inUse: true), Self.volume("c", inUse: false)])
        #expect(second.map(\.key) == ["a", "c", "b"])
        #expect(second.map(\.change) == [.changed, .added, .removed])
        #expect(second.map(\.seq) == [3, 4, 5])
        #expect(second[0].item?.volume?.inUse == true)
        #expect(second[2].item == nil)
        #expect(list.seq == 5)
        #expect(list.snapshot.map(\.key) == ["a", "c"])
    }

    @Test func itemsRoundTripAsTheirOwnViews() throws {
        let items: [ResourceItemView] = [
            Self.volume("v", inUse: true),
            .image(
                ImageView(
                    engine: "local", id: "sha256:1", tags: ["a:1"], digests: [], created: 1, size: 2, containers: 0, inUse: false,
                    dangling: false, labels: [:]
                )
            ),
            .network(
                NetworkView(
                    engine: "local", id: "n1", name: "net", driver: "bridge", scope: "local", internal: false, predefined: false,
                    containers: ["c1"], labels: [:], created: nil,
                    endpoints: [NetworkEndpointView(id: "c1", name: "web", ipv4Address: "10.0.0.2")]
                )
            ),
        ]
        let data = try JSONEncoder().encode(items)
        #expect(try JSONDecoder().decode([ResourceItemView].self, from: data) == items)
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("\"volume\":"), "a view's own fields, not wrapped: \(text)")
    }
}
