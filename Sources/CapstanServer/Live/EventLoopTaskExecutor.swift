import NIOCore

/// Runs a task's jobs on one NIO event loop: the preferred executor of a connection's writer.
///
/// On the global executor, every frame a writer sent crossed threads twice: the writer woke on a
/// dispatch worker, then its write hopped to the connection's event loop. With this preference the
/// writer wakes on the loop and its write takes NIO's in-loop path, a direct call.
final class EventLoopTaskExecutor: TaskExecutor, @unchecked Sendable {
    // @unchecked: only `loop` is stored, and an EventLoop is Sendable.
    private let loop: any EventLoop

    /// An executor for `loop`.
    init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Runs the job on the loop, as soon as the loop gets to it.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
