import Foundation
import Logging
import Synchronization
import Testing
@testable import RelaisApp

/// The SQLite writer's sessions run on a thread of their own, in arrival order, and a task that
/// still prefers that thread once it has stopped goes on in the shared pool.
@Suite("The SQLite writer's thread")
struct WriterThreadTests {
    /// How many jobs ran at once at most, and on which threads.
    private final class Tally: Sendable {
        private struct State { var running = 0, mostAtOnce = 0, threads: Set<String> = [] }
        private let state = Mutex(State())
        func begin() { state.withLock { $0.running += 1; $0.mostAtOnce = max($0.mostAtOnce, $0.running); $0.threads.insert(currentThreadName()) } }
        func end() { state.withLock { $0.running -= 1 } }
        var mostAtOnce: Int { state.withLock { $0.mostAtOnce } }
        var threads: Set<String> { state.withLock { $0.threads } }
    }

    @Test("tasks preferring the thread run on it, one job at a time")
    func runsOneAtATime() async throws {
        let thread = WriterThread(name: "test-writer")
        defer { thread.stop() }
        let tally = Tally()
        await withTaskGroup(of: Void.self) { tasks in
            for _ in 0..<40 {
                tasks.addTask(executorPreference: thread) {
                    for _ in 0..<3 {
                        tally.begin()
                        // Long enough for another thread to overlap, were there one.
                        let until = ContinuousClock.now + .microseconds(200)
                        while ContinuousClock.now < until {}
                        tally.end()
                        await Task.yield()
                    }
                }
            }
        }
        #expect(tally.mostAtOnce == 1)
        #expect(tally.threads == ["test-writer"])
    }

    @Test("a task preferring the thread after it stopped still runs, in the shared pool")
    func afterStop() async throws {
        let thread = WriterThread(name: "test-stopped")
        thread.stop()
        let name = await withTaskExecutorPreference(thread) { () async -> String in
            await Task.yield()
            return currentThreadName()
        }
        #expect(name != "test-stopped")
    }

    @Test("a write session runs on the SQLite writer's thread, reads do not", .enabled(if: TestDatabase.kind == .sqlite))
    func writerSessions() async throws {
        try await Database.using(try await TestDatabase.fresh(), logger: Logger(label: "test")) { database in
            let written = try await database.transaction { _ in currentThreadName() }
            let read = try await database.readOnly { _ in currentThreadName() }
            #expect(written == "sqlite-writer")
            #expect(read != "sqlite-writer")
        }
    }
}

/// The name of the thread running the caller (a synchronous function, callable from a task).
private func currentThreadName() -> String {
    Thread.current.name ?? ""
}
