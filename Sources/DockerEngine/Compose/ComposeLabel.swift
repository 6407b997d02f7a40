/// The labels docker compose puts on the containers it creates, which are all an engine knows of a project.
public enum ComposeLabel {
    /// The project name.
    public static let project = "com.docker.compose.project"
    /// The service name.
    public static let service = "com.docker.compose.service"
    /// The replica number within the service (`1`, `2`, …).
    public static let containerNumber = "com.docker.compose.container-number"
    /// The compose files, comma-separated.
    public static let configFiles = "com.docker.compose.project.config_files"
    /// The folder compose ran in.
    public static let workingDir = "com.docker.compose.project.working_dir"
    /// `True` for a `compose run` container, which is not one of the service's replicas.
    public static let oneOff = "com.docker.compose.oneoff"
}
