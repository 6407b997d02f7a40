import CapstanWire

/// A logs subscription that follows a set of containers chosen by compose project or labels, so a
/// container that joins the set later joins the merged stream too.
struct LogSelection: Sendable {
    let queue: ClientQueue
    let sub: String
    let filter: LogFilter
    let project: String?
    let labels: [String]

    /// Whether a container with these labels belongs to the selection.
    func matches(labels containerLabels: [String: String]) -> Bool {
        if let project, containerLabels["com.docker.compose.project"] != project { return false }
        for selector in labels {
            if let equals = selector.firstIndex(of: "=") {
                let key = String(selector[..<equals])
                let value = String(selector[selector.index(after: equals)...])
                if containerLabels[key] != value { return false }
            } else if containerLabels[selector] == nil {
                return false
            }
        }
        return project != nil || !labels.isEmpty
    }
}
