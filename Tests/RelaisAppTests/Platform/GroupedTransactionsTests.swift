import Foundation
import Logging
import MetricsTestKit
import SQLKit
import Synchronization
import Testing
@testable import RelaisApp

/// Works written as savepoints of shared transactions leave what each written alone would have left.
@Suite("Transactions written in groups")
struct GroupedTransactionsTests {
    private struct Refused: Error {}
    private struct Hiccup: Error {}

    /// What each work's caller heard.
    private final class Answers: Sendable {
        private let answers = Mutex<[Int64: String]>([:])
        func set(_ id: Int64, _ answer: String) { answers.withLock { $0[id] = answer } }
        var all: [Int64: String] { answers.withLock { $0 } }
    }

    /// How many times each work ran.
    private final class Attempts: Sendable {
        private let counts = Mutex<[Int64: Int]>([:])
        func next(_ id: Int64) -> Int { counts.withLock { $0[id, default: 0] += 1; return $0[id]! } }
        func of(_ id: Int64) -> Int { counts.withLock { $0[id, default: 0] } }
    }

    private func withTable(_ body: (Database) async throws -> Void) async throws {
        try await Database.using(try await TestDatabase.fresh(), logger: Logger(label: "test")) { database in
            try await database.read { sql in
                try await sql.raw("CREATE TABLE grouped_rows (id BIGINT PRIMARY KEY, label TEXT NOT NULL)").run()
            }
            try await body(database)
        }
    }

    /// Runs a first work that holds the writer until `others` works wait behind it, so that they form one group.
    private func holding(_ groups: GroupedTransactions, first: Int64 = 0, until others: Int, then body: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            let started = Attempts()
            tasks.addTask {
                try await groups.run { sql in
                    _ = started.next(0)
                    try await insert(first, "first", on: sql)
                    for _ in 0..<2_000 where groups.waiting < others { try await Task.sleep(for: .milliseconds(5)) }
                }
            }
            while started.of(0) == 0 { try await Task.sleep(for: .milliseconds(1)) }
            tasks.addTask { try await body() }
            try await tasks.waitForAll()
        }
    }

    private func labels(_ database: Database) async throws -> [Int64: String] {
        try await database.readOnly { sql in
            var found: [Int64: String] = [:]
            for row in try await sql.raw("SELECT id, label FROM grouped_rows").all() {
                found[try row.decode(column: "id", as: Int64.self)] = try row.decode(column: "label", as: String.self)
            }
            return found
        }
    }

    private func insert(_ id: Int64, _ label: String, on sql: any SQLDatabase) async throws {
        try await sql.raw("INSERT INTO grouped_rows (id, label) VALUES (\(bind: id), \(bind: label))").run()
    }

    @Test("Works submitted together share transactions; a refused work leaves nothing and its caller hears why, the others are written")
    func refusalsStayAlone() async throws {
        try await withTable { database in
            let groups = GroupedTransactions(database: database, label: "test", largestGroup: 16, postgresLanes: 1, optimistic: false) { $0 is Refused }
            let answers = Answers()
            try await holding(groups, until: 200) {
              try await withThrowingTaskGroup(of: (Int64, String).self) { tasks in
                for id in Int64(1)...200 {
                    tasks.addTask {
                        do {
                            return (id, try await groups.run { sql in
                                try await insert(id, "row \(id)", on: sql)
                                if id % 10 == 0 { throw Refused() }   // after writing: the savepoint takes the row back
                                return "written"
                            })
                        } catch is Refused {
                            return (id, "refused")
                        }
                    }
                }
                for try await (id, answer) in tasks { answers.set(id, answer) }
              }
            }
            let all = answers.all
            let rows = try await labels(database)
            #expect(all.count == 200)
            #expect(all.filter { $0.value == "refused" }.keys.sorted() == stride(from: Int64(10), through: 200, by: 10).map { $0 })
            #expect(rows.keys.sorted() == [0] + (Int64(1)...200).filter { $0 % 10 != 0 })
            #expect(rows[7] == "row 7")
            let statistics = groups.statistics
            // 200 works waited together: groups of the largest size, the first work alone.
            #expect(statistics == .init(groups: 13, largestGroup: 16, alone: 1, failedGroups: 0), "\(statistics)")
        }
    }

    @Test("A work that fails for another reason is taken back and run again alone; a group that cannot commit runs every work again alone")
    func failuresRunAgainAlone() async throws {
        try await withTable { database in
            let groups = GroupedTransactions(database: database, label: "test", largestGroup: 64, postgresLanes: 1, optimistic: false) { $0 is Refused }
            let attempts = Attempts()
            // Work 13 fails once after writing (a lock timeout, say): taken back, run again alone.
            // Work 45 ends the shared transaction the first time: its group cannot commit.
            let failing: [Int64: @Sendable (any SQLDatabase) async throws -> Void] = [
                13: { _ in throw Hiccup() },
                45: { sql in try await sql.raw("ROLLBACK").run() },
            ]
            for (first, works) in [(Int64(100), Int64(1)...30), (Int64(200), Int64(31)...60)] {
                try await holding(groups, first: first, until: works.count) {
                    try await withThrowingTaskGroup(of: Void.self) { tasks in
                        for id in works {
                            tasks.addTask {
                                let label = try await groups.run { sql -> String in
                                    let attempt = attempts.next(id)
                                    try await insert(id, "row \(id)", on: sql)
                                    if attempt == 1, let fail = failing[id] { try await fail(sql) }
                                    return "row \(id)"
                                }
                                #expect(label == "row \(id)")
                            }
                        }
                        try await tasks.waitForAll()
                    }
                }
            }
            let rows = try await labels(database)
            #expect(rows.keys.sorted() == Array(Int64(1)...60) + [100, 200])
            #expect(attempts.of(13) == 2 && attempts.of(45) == 2 && attempts.of(14) == 1)
            #expect((31...60).allSatisfy { attempts.of($0) >= 1 && attempts.of($0) <= 2 })
            // Group 1: the first work alone, 30 grouped, work 13 again alone. Group 2: the first alone, 30 grouped then all again alone.
            #expect(groups.statistics == .init(groups: 2, largestGroup: 30, alone: 33, failedGroups: 1), "\(groups.statistics)")
        }
    }

    @Test("A group is first written without savepoints; one holding a refusal is written again with them, as are the next groups; the writer counts what it wrote and how long it took")
    func optimisticGroups() async throws {
        try await withTable { database in
            let metrics = TestMetrics(), started = ContinuousClock.now
            let groups = GroupedTransactions(database: database, label: "test", largestGroup: 64, postgresLanes: 1, metrics: metrics) { $0 is Refused }
            let table = WorkGroup.Table(name: "grouped_rows", columns: ["id", "label"])
            let attempts = Attempts()
            let answers = Answers(), afterFirst = Answers()
            // Three groups: none refused, work 40 refused, work 305 refused.
            for (first, works) in [(Int64(100), Array(Int64(1)...30)), (Int64(200), Array(Int64(31)...60)), (Int64(300), Array(Int64(301)...310))] {
                try await holding(groups, first: first, until: works.count) {
                    try await withThrowingTaskGroup(of: Void.self) { tasks in
                        for id in works {
                            tasks.addTask {
                                let answer: String
                                do {
                                    answer = try await groups.run { sql -> String in
                                        _ = attempts.next(id)
                                        try await insert(id, "row \(id)", on: sql)
                                        WorkGroup.current?.append(table, [id + 1_000, "kept \(id)"])
                                        if id == 40 || id == 305 { throw Refused() }
                                        return "written"
                                    }
                                } catch is Refused {
                                    answer = "refused"
                                }
                                answers.set(id, answer)
                            }
                        }
                        try await tasks.waitForAll()
                    }
                }
                if first == 100 { afterFirst.set(0, "\(groups.statistics.writtenAgain) \((1...30).allSatisfy { attempts.of($0) == 1 })") }
            }
            #expect(afterFirst.all[0] == "0 true", "a group of done works is written at once, each run once")
            let done = (Int64(1)...60).filter { $0 != 40 } + (Int64(301)...310).filter { $0 != 305 }
            #expect(answers.all.filter { $0.value == "refused" }.keys.sorted() == [40, 305])
            #expect(answers.all.filter { $0.value == "written" }.keys.sorted() == done)
            let rows = try await labels(database)
            #expect(rows.keys.sorted() == (done + [100, 200, 300] + done.map { $0 + 1_000 }).sorted())
            #expect(rows[1_031] == "kept 31" && rows[1_040] == nil && rows[1_305] == nil)
            #expect((31...60).allSatisfy { attempts.of($0) >= 1 && attempts.of($0) <= 2 })
            #expect((301...310).allSatisfy { attempts.of($0) == 1 }, "the group after a refusal is written with savepoints at once")
            #expect(groups.statistics == .init(groups: 3, largestGroup: 30, alone: 3, failedGroups: 0, writtenAgain: 1), "\(groups.statistics)")
            // The three first works alone and the groups of 30, 30 and 10, each counted once (a group written again included).
            #expect(try metrics.expectCounter("relais_grouped_works_total", [("works", "test")]).totalValue == 73)
            // Whole seconds of writing, no more than the test took.
            let busy = try metrics.expectCounter("relais_grouped_busy_seconds_total", [("works", "test")]).totalValue
            #expect(busy >= 0 && busy <= (ContinuousClock.now - started).components.seconds)
        }
    }

    @Test("Rows kept for the end of the group are written in order by multi-row statements, except those of a refused work; a read is remembered for the group")
    func rowsAtTheEnd() async throws {
        try await withTable { database in
            let groups = GroupedTransactions(database: database, label: "test", largestGroup: 64, postgresLanes: 1, optimistic: false) { $0 is Refused }
            let table = WorkGroup.Table(name: "grouped_rows", columns: ["id", "label"])
            let reads = Attempts()
            try await holding(groups, first: 10_000, until: 3) {
                try await withThrowingTaskGroup(of: String.self) { tasks in
                    for work in 0..<3 {
                        tasks.addTask {
                            do {
                                return try await groups.run { sql in
                                    let group = try #require(WorkGroup.current)
                                    let ids = work == 2 ? Array(1...90) : [1]
                                    for id in ids { group.append(table, [Int64(work * 1_000 + id), "work \(work)"]) }
                                    if work == 1 { throw Refused() }
                                    let remembered = try await group.remember("answer") { _ = reads.next(0); return 42 + work }
                                    return "remembered \(remembered)"
                                }
                            } catch is Refused {
                                return "refused"
                            }
                        }
                    }
                    var answers: [String] = []
                    for try await answer in tasks { answers.append(answer) }
                    #expect(answers.filter { $0 == "refused" }.count == 1)
                    #expect(Set(answers.filter { $0 != "refused" }).count == 1, "one remembered value: \(answers)")
                }
            }
            #expect(reads.of(0) == 1)
            let rows = try await labels(database)
            #expect(rows.count == 1 + 1 + 90)
            #expect(rows.keys.sorted() == [1] + (2_001...2_090).map(Int64.init) + [10_000])
            #expect(rows[2_090] == "work 2" && rows[1_001] == nil)
            #expect(groups.statistics.groups == 1 && groups.statistics.largestGroup == 3)
        }
    }

    @Test("A read remembered by a work that is rolled back is read again by the next work (its row lock went with the savepoint)")
    func rememberedReadsRollBack() async throws {
        let group = WorkGroup()
        let before = group.mark
        #expect(try await group.remember("activation 1") { 1 } == 1)
        group.rollBack(to: before)
        #expect(try await group.remember("activation 1") { 2 } == 2)
        let kept = group.mark
        #expect(try await group.remember("activation 1") { 3 } == 2, "read once while its work stands")
        #expect(try await group.remember("posts 1") { true })
        group.rollBack(to: kept)
        #expect(try await group.remember("activation 1") { 4 } == 2, "an earlier work's read stays")
        #expect(try await group.remember("posts 1") { false } == false)
    }
}
