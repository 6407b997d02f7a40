/// The project-wide actions, named as in their paths.
enum ProjectAction: String, CaseIterable, Sendable {
    case start, stop, restart
}
