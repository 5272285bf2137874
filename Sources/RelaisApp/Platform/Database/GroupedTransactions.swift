import Metrics
import SQLKit
import Synchronization

/// Runs many small transactions as savepoints of a few larger ones.
///
/// Each commit writes every page its transaction touched: on SQLite an entry's dozen rows and their
/// indexes are some sixty pages of write-ahead log, the same rightmost pages again and again; on
/// PostgreSQL each commit waits for its log flush. Work handed to `run` waits while a group is
/// being written; the works waiting then form the next group, one transaction in which each work
/// runs inside its own savepoint. A work that throws is rolled back to its savepoint alone and
/// the others stay; every caller is answered once its group has committed. Under light load a
/// group is one work in its own transaction, as before.
///
/// Most groups hold no refusal, so a group is first written without savepoints; should one of its
/// works not be done, that transaction is rolled back and the group written again with them, as
/// are the next few groups.
///
/// A work that fails for a reason other than its own answer (a lock timeout, a deadlock, a lost
/// connection) is run again alone once the group is committed, and if the group itself cannot be
/// committed every work of it runs again alone: a caller never hears of another caller's failure.
/// A work must therefore only write through the session it is given, and may run twice. The
/// works of a group share a `WorkGroup`: the rows they append to the timeline, the audit log and
/// the outbox are written together at the end of the transaction, and on SQLite, in a group
/// without savepoints or a work alone, so are the rows of new members and entries.
final class GroupedTransactions: Sendable {
    /// What a work's attempt inside a group came to.
    enum Attempt: Sendable {
        /// Done: the caller is answered once the group commits.
        case done(@Sendable () -> Void)
        /// Refused with an answer for the caller (a validation problem, a refusal): nothing of it is written.
        case answered(@Sendable () -> Void)
        /// Failed for another reason: run again alone after the group.
        case retry
    }

    struct Work: Sendable {
        let attempt: @Sendable (any SQLDatabase) async -> Attempt
        let alone: @Sendable () async -> Void
    }

    /// What was written so far, for tests and operations.
    struct Statistics: Sendable, Equatable {
        /// Transactions of more than one work.
        var groups = 0
        /// The most works one transaction held.
        var largestGroup = 0
        /// Works run in a transaction of their own: alone in the queue, run again after a failure, or from a failed group.
        var alone = 0
        /// Groups that could not be committed, whose works all ran again alone.
        var failedGroups = 0
        /// Groups first tried without savepoints that held a refusal or a failure, and were written again with them.
        var writtenAgain = 0
    }

    private struct Queue {
        var waiting: [Work] = []
        var writers = 0
        /// Groups still to write with savepoints since the last refusal.
        var carefulGroups = 0
    }

    /// Groups written with savepoints after one held a refusal or a failure: refusals come in bursts
    /// (a double submit, a closed activation), and each costs a group written twice.
    static let carefulGroupsAfterRefusal = 16

    private let database: Database
    /// Groups written side by side: one on SQLite (a single writer), a few on PostgreSQL.
    private let lanes: Int
    /// Largest group written in one transaction.
    let largestGroup: Int
    /// Whether an error is the work's own answer, rolled back to its savepoint and passed to its caller.
    private let isAnswer: @Sendable (any Error) -> Bool
    /// Whether groups are first tried without savepoints.
    private let optimistic: Bool
    private let queue = Mutex(Queue())
    private let counts = Mutex(Statistics())
    private let rerun: Counter
    private let meter: WriterMeter

    /// What was written so far.
    var statistics: Statistics { counts.withLock { $0 } }

    /// Works waiting for a group.
    var waiting: Int { queue.withLock { $0.waiting.count } }

    /// `label` names the works in the metrics: those run again alone (`relais_grouped_reruns_total`), and
    /// how busy the writer is (`WriterMeter`).
    /// `optimistic` false writes every group with savepoints.
    /// `demand` is told of each group written (see `WriterDemand`).
    init(database: Database, label: String, largestGroup: Int, postgresLanes: Int = 4, optimistic: Bool = true, demand: WriterDemand? = nil,
         metrics: any MetricsFactory = MetricsSystem.factory, isAnswer: @escaping @Sendable (any Error) -> Bool) {
        self.database = database
        self.rerun = Counter(label: "relais_grouped_reruns_total", dimensions: [("works", label)], factory: metrics)
        self.meter = WriterMeter(works: label, demand: demand, metrics: metrics)
        self.largestGroup = largestGroup
        self.lanes = database.kind == .sqlite ? 1 : postgresLanes
        self.isAnswer = isAnswer
        self.optimistic = optimistic
    }

    /// Runs `body` in a transaction, possibly as a savepoint of a group, and returns its result
    /// once that transaction has committed.
    func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let database = self.database, isAnswer = self.isAnswer
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let work = Work(
                attempt: { sql in
                    do {
                        let value = try await body(sql)
                        return .done { continuation.resume(returning: value) }
                    } catch {
                        return isAnswer(error) ? .answered { continuation.resume(throwing: error) } : .retry
                    }
                },
                alone: {
                    do {
                        continuation.resume(returning: try await database.transaction { sql in
                            try await WorkGroup.collecting(on: sql, keepsNewRows: database.kind == .sqlite) { try await body(sql) }
                        })
                    } catch {
                        continuation.resume(throwing: error)
                    }
                })
            let startWriter = queue.withLock { queue in
                queue.waiting.append(work)
                guard queue.writers < lanes else { return false }
                queue.writers += 1
                return true
            }
            if startWriter {
                Task { await self.writeUntilEmpty() }
            }
        }
    }

    private func writeUntilEmpty() async {
        while true {
            let group: [Work] = queue.withLock { queue in
                guard !queue.waiting.isEmpty else {
                    queue.writers -= 1
                    return []
                }
                // With several lanes, a lane takes its share of what waits, so that groups run side by side.
                let share = max(1, (queue.waiting.count + lanes - 1) / lanes)
                let count = min(queue.waiting.count, largestGroup, share)
                let group = Array(queue.waiting.prefix(count))
                queue.waiting.removeFirst(count)
                return group
            }
            if group.isEmpty { return }
            await meter.measure(works: group.count) {
                if group.count == 1 {
                    counts.withLock { $0.alone += 1 }
                    await group[0].alone()
                } else {
                    await write(group)
                }
            }
        }
    }

    private func write(_ group: [Work]) async {
        if optimistically(), let answers = await writeWithoutSavepoints(group) {
            counts.withLock { counts in
                counts.groups += 1
                counts.largestGroup = max(counts.largestGroup, group.count)
            }
            for answer in answers { answer() }
            return
        }
        await writeWithSavepoints(group)
    }

    /// Whether the next group is written without savepoints: not while refusals were seen lately.
    private func optimistically() -> Bool {
        guard optimistic else { return false }
        return queue.withLock { queue in
            guard queue.carefulGroups > 0 else { return true }
            queue.carefulGroups -= 1
            return false
        }
    }

    /// The group in one transaction with no savepoint, as long as every work is done: two
    /// statements fewer per work, and on SQLite no page copied aside for a rollback. At the first
    /// work that is not, the whole transaction is rolled back (nil) and the group is written again
    /// with savepoints, as are the next few groups.
    private func writeWithoutSavepoints(_ group: [Work]) async -> [@Sendable () -> Void]? {
        struct NotDone: Error {}
        do {
            return try await database.transaction { sql in
                var answers: [@Sendable () -> Void] = []
                let shared = WorkGroup(keepsNewRows: database.kind == .sqlite)
                for work in group {
                    guard case .done(let answer) = await WorkGroup.$current.withValue(shared, operation: { await work.attempt(sql) }) else {
                        throw NotDone()
                    }
                    answers.append(answer)
                }
                try await shared.write(on: sql)
                return answers
            }
        } catch {
            queue.withLock { $0.carefulGroups = Self.carefulGroupsAfterRefusal }
            counts.withLock { $0.writtenAgain += 1 }
            return nil
        }
    }

    /// Each work in its own savepoint: a refusal or a failure is rolled back alone.
    private func writeWithSavepoints(_ group: [Work]) async {
        let outcome: (answers: [@Sendable () -> Void], retries: [Work])
        var failed = false
        do {
            outcome = try await database.transaction { sql in
                var answers: [@Sendable () -> Void] = []
                var retries: [Work] = []
                let shared = WorkGroup()
                for work in group {
                    try await sql.raw("SAVEPOINT grouped_work").run()
                    let mark = shared.mark
                    let attempt = await WorkGroup.$current.withValue(shared) { await work.attempt(sql) }
                    if case .done(let answer) = attempt {
                        try await sql.raw("RELEASE SAVEPOINT grouped_work").run()
                        answers.append(answer)
                        continue
                    }
                    try await sql.raw("ROLLBACK TO SAVEPOINT grouped_work").run()
                    try await sql.raw("RELEASE SAVEPOINT grouped_work").run()
                    shared.rollBack(to: mark)
                    if case .answered(let answer) = attempt { answers.append(answer) } else { retries.append(work) }
                }
                try await shared.write(on: sql)
                return (answers, retries)
            }
        } catch {
            outcome = ([], group)
            failed = true
        }
        counts.withLock { counts in
            counts.groups += 1
            counts.largestGroup = max(counts.largestGroup, group.count)
            counts.alone += outcome.retries.count
            if failed { counts.failedGroups += 1 }
        }
        if !outcome.retries.isEmpty { rerun.increment(by: outcome.retries.count) }
        for answer in outcome.answers { answer() }
        for work in outcome.retries { await work.alone() }
    }
}
