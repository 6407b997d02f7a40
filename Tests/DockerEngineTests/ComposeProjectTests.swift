import DockerEngine
import Foundation
import Testing

/// Grouping listed containers into compose projects by their labels.
@Suite struct ComposeProjectTests {
    static func row(_ id: String, name: String, state: String, labels: [String: String]?) throws -> ContainerSummary {
        var object: [String: Any] = [
            "Id": id, "Names": ["/\(name)"], "Image": "app:1", "Created": 1, "State": state, "Status": state == "running" ? "Up 1 second" : "Exited (0)",
        ]
        if let labels { object["Labels"] = labels }
        return try JSONDecoder().decode(ContainerSummary.self, from: JSONSerialization.data(withJSONObject: object))
    }

    static func labels(_ project: String, _ service: String, _ number: String, oneOff: String = "False") -> [String: String] {
        [
            "com.docker.compose.project": project, "com.docker.compose.service": service,
            "com.docker.compose.container-number": number, "com.docker.compose.oneoff": oneOff,
            "com.docker.compose.project.working_dir": "/srv/\(project)",
            "com.docker.compose.project.config_files": "/srv/\(project)/a.yml,/srv/\(project)/b.yml",
        ]
    }

    @Test func containersAreGroupedOrderedAndDescribed() throws {
        let rows = [
            try Self.row("3", name: "shop-web-2", state: "exited", labels: Self.labels("shop", "web", "2")),
            try Self.row("1", name: "shop-web-1", state: "running", labels: Self.labels("shop", "web", "1")),
            try Self.row("2", name: "shop-db-1", state: "running", labels: Self.labels("shop", "db", "1")),
            try Self.row("4", name: "shop-web-run-x", state: "exited", labels: Self.labels("shop", "web", "x", oneOff: "True")),
            try Self.row("5", name: "blog-app-1", state: "running", labels: Self.labels("blog", "app", "1")),
            try Self.row("6", name: "plain", state: "running", labels: ["app": "x"]),
            try Self.row("7", name: "nolabels", state: "running", labels: nil),
        ]
        let projects = ComposeProject.projects(from: rows)
        #expect(projects.map(\.name) == ["blog", "shop"])
        let shop = projects[1]
        #expect(shop.workingDir == "/srv/shop")
        #expect(shop.configFiles == ["/srv/shop/a.yml", "/srv/shop/b.yml"])
        #expect(shop.containers.map(\.id) == ["2", "1", "3", "4"], "by service, then number; no number last")
        #expect(shop.containers.map(\.number) == [1, 1, 2, nil])
        #expect(shop.containers.map(\.oneOff) == [false, false, false, true])
        #expect(shop.services.map(\.name) == ["db", "web"])
        #expect(shop.services.map(\.containers.count) == [1, 3])
    }

    @Test func aContainerWithAnEmptyProjectLabelIsInNoProject() throws {
        let row = try Self.row("1", name: "x", state: "running", labels: ["com.docker.compose.project": ""])
        #expect(ComposeProject.projects(from: [row]).isEmpty)
        #expect(ComposeContainer(row) == nil)
    }
}
