/// A compose project as an engine knows it: the containers that carry its `com.docker.compose.project` label.
///
/// There is no project object in the engine: a project exists while at least one of its containers
/// does, and everything here is read from those containers' labels.
public struct ComposeProject: Sendable, Hashable {
    /// The project name.
    public var name: String
    /// The folder compose ran in, from the first container that says.
    public var workingDir: String?
    /// The compose files, from the first container that says.
    public var configFiles: [String]
    /// Its containers, ordered by service, then replica number, then name.
    public var containers: [ComposeContainer]

    /// Groups listed containers into projects, ordered by name; containers without the project label are left out.
    public static func projects(from summaries: [ContainerSummary]) -> [ComposeProject] {
        var byName: [String: ComposeProject] = [:]
        for summary in summaries {
            guard let container = ComposeContainer(summary), let name = summary.labels?[ComposeLabel.project] else { continue }
            var project = byName[name] ?? ComposeProject(name: name, workingDir: nil, configFiles: [], containers: [])
            let labels = summary.labels ?? [:]
            if project.workingDir == nil, let folder = labels[ComposeLabel.workingDir], !folder.isEmpty {
                project.workingDir = folder
            }
            if project.configFiles.isEmpty, let files = labels[ComposeLabel.configFiles] {
                project.configFiles = files.split(separator: ",").map { String($0) }.filter { !$0.isEmpty }
            }
            project.containers.append(container)
            byName[name] = project
        }
        return byName.values.map { project in
            var project = project
            project.containers.sort { lhs, rhs in
                if lhs.service != rhs.service { return lhs.service < rhs.service }
                if lhs.number != rhs.number { return (lhs.number ?? Int.max) < (rhs.number ?? Int.max) }
                return lhs.name < rhs.name
            }
            return project
        }
        .sorted { $0.name < $1.name }
    }

    /// The services in order, each with its containers.
    public var services: [(name: String, containers: [ComposeContainer])] {
        var order: [String] = []
        var members: [String: [ComposeContainer]] = [:]
        for container in containers {
            if members[container.service] == nil { order.append(container.service) }
            members[container.service, default: []].append(container)
        }
        return order.map { ($0, members[$0] ?? []) }
    }
}
