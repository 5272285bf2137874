import Foundation

/// A thread of its own for the work everything else waits for: the one SQLite writer.
///
/// Tasks run on Swift's shared pool, one thread per core. The writer's statements are
/// synchronous calls into SQLite, and some of its commits wait on the disk (the `fsync` of a
/// checkpoint). On the shared pool that work holds one of the two threads of a small machine,
/// and each time the writer awaits, it queues behind every request in progress while those
/// requests wait for the writer. Tasks that prefer this executor (`withTaskExecutorPreference`)
/// run their jobs here instead, one at a time, in arrival order.
final class WriterThread: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var jobs: [UnownedJob] = []
    private var stopped = false

    /// Starts a thread named `name` (as `top -H` shows it, at most 15 bytes), which runs the jobs
    /// given to it until `stop()`.
    init(name: String) {
        Thread {
            Thread.current.name = name
            self.loop()
        }.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        if stopped {
            condition.unlock()
            // A task still preferring this executor after its database closed goes on in the shared pool.
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
            return
        }
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs already given to it have run.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop() {
        let executor = asUnownedTaskExecutor()
        var running: [UnownedJob] = []
        while true {
            condition.lock()
            while jobs.isEmpty && !stopped { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            swap(&jobs, &running)
            condition.unlock()
            for job in running { job.runSynchronously(on: executor) }
            running.removeAll(keepingCapacity: true)
        }
    }
}
