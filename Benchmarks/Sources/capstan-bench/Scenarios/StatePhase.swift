import DockerEngine

/// The state scenario's phases, shared by Capstan's run and the engine-paced floor: phase 2k starts
/// the container (the k-th start), phase 2k+1 stops it.
enum StatePhase {
    /// The engine event that marks phase `phase`.
    static func eventAction(_ phase: Int) -> String { phase % 2 == 0 ? "start" : "die" }

    /// The container state a client sees once phase `phase` happened.
    static func containerState(_ phase: Int) -> String { phase % 2 == 0 ? "running" : "exited" }

    /// Asks the engine for phase `phase` of container `id`.
    static func drive(_ phase: Int, container id: String, engine: DockerClient) async throws {
        if phase % 2 == 0 {
            try await engine.startContainer(id)
        } else {
            // busybox sleep as PID 1 ignores SIGTERM: t=0 kills at once.
            try await engine.stopContainer(id, timeout: 0)
        }
    }
}
